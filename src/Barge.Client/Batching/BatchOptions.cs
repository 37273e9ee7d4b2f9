namespace Barge.Client.Batching;

/// <summary>How a <see cref="Batcher"/> chunks, sends and reports.</summary>
public sealed record BatchOptions
{
    /// <summary>Items per request: a chunk is sent as soon as it is full.</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>Requests in flight at once; adding waits while they are all busy, so memory holds at most this many chunks (plus the one filling).</summary>
    public int Concurrency { get; init; } = 2;

    /// <summary>The journal name of every chunk (<c>X-Batch-Name</c>): all chunks of one run can then be found, and undone, together.</summary>
    public string? Name { get; init; }

    public string? Reason { get; init; }
    public string? Source { get; init; }

    /// <summary>Validate every item, write nothing (<c>?dryRun=true</c>).</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// Prefix of the chunks' <c>Idempotency-Key</c>s (the chunk's number is appended). Random by default; a fixed one
    /// makes a re-run of the same input in the same order answer from the first run instead of writing again.
    /// </summary>
    public string? IdempotencyPrefix { get; init; }

    /// <summary>
    /// Called once for each item with its fate, in the order chunks complete (calls are never concurrent). An
    /// exception it throws stops the batcher.
    /// </summary>
    public Action<ItemResult>? OnItem { get; init; }

    /// <summary>Called before a chunk's request is retried (calls may come from several chunks at once).</summary>
    public Action<RetryEvent>? OnRetry { get; init; }
}
