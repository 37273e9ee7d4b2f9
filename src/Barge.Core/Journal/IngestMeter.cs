namespace Barge.Core.Journal;

/// <summary>
/// What the write path is doing now, for clients that size their batches from it (Weaviate's <c>batchStats</c>, read
/// by the Python v4 client's dynamic batching): how many objects are waiting to be committed, and how many were
/// committed per second over the last <see cref="WindowSeconds"/> seconds. Counted where every batch of every dialect
/// writes (<see cref="BatchJournal"/>), so no route can be missed.
/// </summary>
public sealed class IngestMeter(TimeProvider clock)
{
    public const int WindowSeconds = 10;

    private readonly Lock _gate = new();
    // One slot per second of the window: the second it counts and the objects committed in it.
    private readonly long[] _second = new long[WindowSeconds];
    private readonly long[] _committed = new long[WindowSeconds];
    private long _waiting;

    /// <summary>Objects handed to the store and not yet answered.</summary>
    public long QueueLength => Interlocked.Read(ref _waiting);

    /// <summary>Objects committed per second, averaged over the last <see cref="WindowSeconds"/> whole seconds.</summary>
    public long RatePerSecond
    {
        get
        {
            var now = Now();
            long sum = 0;
            lock (_gate)
                for (var i = 0; i < WindowSeconds; i++)
                    if (_second[i] < now && _second[i] >= now - WindowSeconds) sum += _committed[i];
            return sum / WindowSeconds;
        }
    }

    /// <summary>Counts <paramref name="objects"/> as waiting until the returned scope ends.</summary>
    public Waiting Enter(int objects)
    {
        Interlocked.Add(ref _waiting, objects);
        return new Waiting(this, objects);
    }

    /// <summary>Records <paramref name="objects"/> committed now.</summary>
    public void Committed(int objects)
    {
        if (objects <= 0) return;
        var now = Now();
        var slot = (int)(now % WindowSeconds);
        lock (_gate)
        {
            if (_second[slot] != now) (_second[slot], _committed[slot]) = (now, 0);
            _committed[slot] += objects;
        }
    }

    private long Now() => clock.GetUtcNow().ToUnixTimeSeconds();

    public readonly struct Waiting(IngestMeter meter, int objects) : IDisposable
    {
        public void Dispose() => Interlocked.Add(ref meter._waiting, -objects);
    }
}
