using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Barge.Client.Wire;

/// <summary>Weaviate's per-item error list: <c>{"error":[{"message":"..."}]}</c>.</summary>
public sealed record ErrorList
{
    [JsonPropertyName("error")] public List<ErrorMessage>? Error { get; init; }

    /// <summary>The messages joined into one line, or null when there are none.</summary>
    public string? Joined => Error is { Count: > 0 } errors ? string.Join("; ", errors.Select(e => e.Message)) : null;
}

public sealed record ErrorMessage
{
    [JsonPropertyName("message")] public string? Message { get; init; }
}

/// <summary>The <c>result</c> member of a batch answer item.</summary>
public sealed record ItemOutcome
{
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("errors")] public ErrorList? Errors { get; init; }
}

/// <summary>
/// One item of the <c>POST /v1/batch/objects</c> answer; only what a caller needs to know the item's fate is read
/// (the answer also echoes the object).
/// </summary>
public sealed record BatchObjectAnswer
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("class")] public string? Class { get; init; }
    [JsonPropertyName("result")] public ItemOutcome? Result { get; init; }
}

/// <summary>A cross-reference for <c>POST /v1/batch/references</c>: long-form <c>from</c> beacon, <c>to</c> beacon.</summary>
public sealed record BatchReference
{
    [JsonPropertyName("from")] public required string From { get; init; }
    [JsonPropertyName("to")] public required string To { get; init; }
    [JsonPropertyName("tenant")] public string? Tenant { get; init; }

    /// <summary>
    /// The reference from <paramref name="fromClass"/>/<paramref name="fromId"/>'s property <paramref name="property"/>
    /// to <paramref name="toClass"/>/<paramref name="toId"/>, in the beacon form Weaviate asks for (host <c>localhost</c>).
    /// </summary>
    public static BatchReference Between(string fromClass, string fromId, string property, string toClass, string toId, string? tenant = null) => new()
    {
        From = $"weaviate://localhost/{fromClass}/{fromId}/{property}",
        To = $"weaviate://localhost/{toClass}/{toId}",
        Tenant = tenant,
    };
}

/// <summary>One item of the <c>POST /v1/batch/references</c> answer.</summary>
public sealed record BatchReferenceAnswer
{
    [JsonPropertyName("from")] public string? From { get; init; }
    [JsonPropertyName("to")] public string? To { get; init; }
    [JsonPropertyName("result")] public ItemOutcome? Result { get; init; }
}

/// <summary>The body of <c>DELETE /v1/batch/objects</c>: objects of a class matching a where filter.</summary>
public sealed record BatchDeleteRequest
{
    [JsonPropertyName("match")] public required DeleteMatch Match { get; init; }
    [JsonPropertyName("output")] public string? Output { get; init; }
    [JsonPropertyName("dryRun")] public bool? DryRun { get; init; }
}

public sealed record DeleteMatch
{
    [JsonPropertyName("class")] public required string Class { get; init; }
    /// <summary>A Weaviate where filter, e.g. <c>{"path":["title"],"operator":"Equal","valueText":"x"}</c>.</summary>
    [JsonPropertyName("where")] public required JsonObject Where { get; init; }
}

public sealed record BatchDeleteAnswer
{
    [JsonPropertyName("dryRun")] public bool DryRun { get; init; }
    [JsonPropertyName("results")] public DeleteResults? Results { get; init; }
}

public sealed record DeleteResults
{
    [JsonPropertyName("matches")] public long Matches { get; init; }
    [JsonPropertyName("limit")] public long Limit { get; init; }
    [JsonPropertyName("successful")] public long Successful { get; init; }
    [JsonPropertyName("failed")] public long Failed { get; init; }
    [JsonPropertyName("objects")] public List<DeletedObject>? Objects { get; init; }
}

public sealed record DeletedObject
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("errors")] public ErrorList? Errors { get; init; }
}
