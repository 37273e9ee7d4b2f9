namespace Barge.Client;

/// <summary>
/// What a write batch tells the server about itself: the journal's name, reason and source (<c>X-Batch-*</c>), an
/// <c>Idempotency-Key</c> that makes a retry safe, and <c>?dryRun=true</c> (validate, write nothing).
/// </summary>
public sealed record BatchHeaders
{
    public string? Name { get; init; }
    public string? Reason { get; init; }
    public string? Source { get; init; }
    public string? IdempotencyKey { get; init; }
    public bool DryRun { get; init; }

    internal void ApplyTo(HttpRequestMessage request)
    {
        Set(request, "X-Batch-Name", Name);
        Set(request, "X-Batch-Reason", Reason);
        Set(request, "X-Batch-Source", Source);
        Set(request, "Idempotency-Key", IdempotencyKey);
    }

    internal string Query => DryRun ? "?dryRun=true" : "";

    private static void Set(HttpRequestMessage request, string header, string? value)
    {
        if (value is not null) request.Headers.TryAddWithoutValidation(header, value);
    }
}

/// <summary>A batch's per-item answers, the journal id the server gave it, and whether it was replayed from a first run.</summary>
public sealed record BatchAnswer<T>(IReadOnlyList<T> Items, string? BatchId, bool Replayed);
