using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Barge.Client.Wire;

/// <summary>A batch summary of the journal (<c>/api/batch/v1</c>): who wrote what, when, and how it went.</summary>
public sealed record BatchSummary
{
    [JsonPropertyName("_id")] public required string Id { get; init; }
    [JsonPropertyName("user")] public string? User { get; init; }
    [JsonPropertyName("environment")] public string? Environment { get; init; }
    [JsonPropertyName("timestamp")] public string? Timestamp { get; init; }
    [JsonPropertyName("service")] public string? Service { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("reason")] public string? Reason { get; init; }
    [JsonPropertyName("source")] public string? Source { get; init; }
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("message")] public string? Message { get; init; }
    /// <summary>
    /// Each collection mapped to the UTC day of the write, then to the objects as the caller named them, and
    /// <c>failures</c>: item index to id and reason. Both lists are bounded; the journal's <c>listed</c> field says how
    /// many of how many are shown, and <c>/objects</c> and <c>/failures</c> page through the rest.
    /// </summary>
    [JsonPropertyName("summary")] public JsonObject? Summary { get; init; }
    [JsonPropertyName("counts")] public BatchCounts? Counts { get; init; }
    [JsonPropertyName("started")] public string? Started { get; init; }
    [JsonPropertyName("ended")] public string? Ended { get; init; }
    [JsonPropertyName("durationMs")] public long? DurationMs { get; init; }
    [JsonPropertyName("dryRun")] public bool DryRun { get; init; }
    [JsonPropertyName("atomic")] public bool Atomic { get; init; }
}

public sealed record BatchCounts
{
    [JsonPropertyName("total")] public long Total { get; init; }
    [JsonPropertyName("succeeded")] public long Succeeded { get; init; }
    [JsonPropertyName("failed")] public long Failed { get; init; }
}

/// <summary>A page of the journal, newest first, with the total the filter matches.</summary>
public sealed record BatchSummaryPage(IReadOnlyList<BatchSummary> Batches, long Total);

/// <summary>What an undo deleted and what it left alone (with the reason).</summary>
public sealed record UndoAnswer
{
    [JsonPropertyName("_id")] public string? UndoneId { get; init; }
    [JsonPropertyName("undoBatch")] public string? UndoBatch { get; init; }
    [JsonPropertyName("dryRun")] public bool DryRun { get; init; }
    [JsonPropertyName("deleted")] public List<UndoItem> Deleted { get; init; } = [];
    [JsonPropertyName("skipped")] public List<UndoItem> Skipped { get; init; } = [];
}

public sealed record UndoItem
{
    [JsonPropertyName("collection")] public string? Collection { get; init; }
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("tenant")] public string? Tenant { get; init; }
    [JsonPropertyName("reason")] public string? Reason { get; init; }
}

/// <summary>The two error shapes a Barge answer may carry: Weaviate's <c>error</c> list and the problem document.</summary>
public sealed record ErrorAnswer
{
    [JsonPropertyName("error")] public List<ErrorMessage>? Error { get; init; }
    [JsonPropertyName("detail")] public string? Detail { get; init; }
    [JsonPropertyName("title")] public string? Title { get; init; }
    [JsonPropertyName("message")] public string? Message { get; init; }
}
