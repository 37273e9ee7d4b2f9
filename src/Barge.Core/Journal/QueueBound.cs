using System.Globalization;
using Barge.Core.Errors;

namespace Barge.Core.Journal;

/// <summary>
/// A bound on work admitted to the write path and not yet answered, counted in one unit. Past it, work is refused
/// before anything is done with it (<see cref="OverloadedException"/>): a flood is told to come back later instead of
/// waiting in memory, so what waits stays bounded however many callers send at once. Admitting is one atomic add, with
/// no lock, whatever the load.
/// <para>
/// A request larger than the whole bound is admitted while nothing else waits: a request the other limits allow must
/// be able to pass at some point, and alone it holds no more than it would anyway.
/// </para>
/// </summary>
/// <param name="unit">What is counted, as the refusal names it ("objects", "bytes").</param>
/// <param name="setting">The setting that configures <paramref name="limit"/>, named in the refusal.</param>
/// <param name="retryAfter">How long a refused caller should wait before trying again.</param>
public sealed class QueueBound(long limit, string unit, string setting, Func<TimeSpan> retryAfter)
{
    private long _queued;

    public long Limit => limit;

    /// <summary>What is admitted and not yet released.</summary>
    public long Queued => Interlocked.Read(ref _queued);

    /// <summary>Admits <paramref name="amount"/> until the admission is disposed, or throws <see cref="OverloadedException"/>.</summary>
    public Admission Admit(long amount)
    {
        var admission = new Admission(this);
        admission.Grow(amount);
        return admission;
    }

    private OverloadedException Refusal(long others, long wanted)
    {
        var wait = retryAfter();
        var seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
        return new OverloadedException(string.Create(CultureInfo.InvariantCulture,
            $"the server is busy: {others} {unit} are queued for writing, and {wanted} more would pass the limit of {limit} ({setting}); retry in {seconds} s"),
            TimeSpan.FromSeconds(seconds));
    }

    /// <summary>What one request holds of the bound; disposing it gives it back (once, however often it is disposed).</summary>
    public sealed class Admission : IDisposable
    {
        private readonly QueueBound _bound;
        private long _held;

        internal Admission(QueueBound bound) => _bound = bound;

        /// <summary>
        /// Admits <paramref name="amount"/> more (a body whose length was not declared, as it arrives), or throws
        /// <see cref="OverloadedException"/> and holds what it held before. One caller at a time.
        /// </summary>
        public void Grow(long amount)
        {
            if (amount <= 0) return;
            var queued = Interlocked.Add(ref _bound._queued, amount);
            var held = _held + amount;
            if (queued > _bound.Limit && queued > held)
            {
                Interlocked.Add(ref _bound._queued, -amount);
                throw _bound.Refusal(queued - held, held);
            }
            _held = held;
        }

        public void Dispose()
        {
            var held = Interlocked.Exchange(ref _held, 0);
            if (held != 0) Interlocked.Add(ref _bound._queued, -held);
        }
    }
}
