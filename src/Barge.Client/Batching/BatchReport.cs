namespace Barge.Client.Batching;

/// <summary>Where a batcher stands (live) or ended (final): items, requests, retries and the rate.</summary>
public sealed record BatchReport(long Added, long Succeeded, long Failed, long Requests, long Retries, long Replayed, TimeSpan Elapsed)
{
    /// <summary>Items answered (succeeded or failed).</summary>
    public long Done => Succeeded + Failed;

    public double ItemsPerSecond => Elapsed > TimeSpan.Zero ? Done / Elapsed.TotalSeconds : 0;

    public override string ToString() =>
        $"{Succeeded} succeeded, {Failed} failed, {Retries} retries, {Requests} requests in {Elapsed.TotalSeconds:0.0}s ({ItemsPerSecond:0} items/s)";
}
