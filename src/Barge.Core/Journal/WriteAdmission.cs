namespace Barge.Core.Journal;

/// <summary>The bounds of <see cref="WriteAdmission"/> and the settings that configure them (named in refusals).</summary>
public sealed record WriteQueueLimits(long MaxObjects, long MaxBytes, string ObjectsSetting, string BytesSetting);

/// <summary>
/// What the write path admits, in the two units that bound what it holds: <see cref="Objects"/> of batches, admitted
/// by <see cref="BatchJournal.Admit"/> before a batch of any dialect is prepared, so that the writer's queue stays
/// bounded; and <see cref="Bytes"/> of request bodies, admitted by a dialect before it reads a body, since a count of
/// objects says nothing of their size and a body is held, parsed, until its answer is sent. A refusal tells the caller
/// to come back once the queue has drained at the rate objects were committed lately.
/// </summary>
public sealed class WriteAdmission
{
    /// <summary>Waits a refused caller is told to make: never less than a second, and never so long that a caller gives up.</summary>
    private static readonly TimeSpan ShortestWait = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(60);

    private readonly IngestMeter _meter;

    public WriteAdmission(WriteQueueLimits limits, IngestMeter meter)
    {
        _meter = meter;
        Objects = new QueueBound(limits.MaxObjects, "objects", limits.ObjectsSetting, RetryAfter);
        Bytes = new QueueBound(limits.MaxBytes, "bytes", limits.BytesSetting, RetryAfter);
    }

    public QueueBound Objects { get; }
    public QueueBound Bytes { get; }

    /// <summary>How long the objects queued now take to commit at the recent rate (the shortest wait when nothing was committed lately).</summary>
    public TimeSpan RetryAfter()
    {
        var rate = _meter.RatePerSecond;
        if (rate <= 0) return ShortestWait;
        var drain = TimeSpan.FromSeconds(Math.Ceiling((double)Objects.Queued / rate));
        return drain < ShortestWait ? ShortestWait : drain > LongestWait ? LongestWait : drain;
    }
}
