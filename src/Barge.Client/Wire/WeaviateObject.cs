using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Barge.Client.Wire;

/// <summary>A data object on the Weaviate v1 wire (<c>/v1/objects</c>, <c>/v1/batch/objects</c>).</summary>
public sealed record WeaviateObject
{
    [JsonPropertyName("class")] public string? Class { get; init; }
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("properties")] public JsonObject? Properties { get; init; }
    [JsonPropertyName("vector")] public float[]? Vector { get; init; }
    [JsonPropertyName("tenant")] public string? Tenant { get; init; }
    [JsonPropertyName("creationTimeUnix")] public long? CreationTimeUnix { get; init; }
    [JsonPropertyName("lastUpdateTimeUnix")] public long? LastUpdateTimeUnix { get; init; }
}

/// <summary>One page of <c>GET /v1/objects</c>.</summary>
public sealed record ObjectList
{
    [JsonPropertyName("objects")] public List<WeaviateObject> Objects { get; init; } = [];
    [JsonPropertyName("totalResults")] public long TotalResults { get; init; }
}
