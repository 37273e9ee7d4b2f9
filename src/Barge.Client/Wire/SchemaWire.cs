using System.Text.Json;
using System.Text.Json.Serialization;

namespace Barge.Client.Wire;

/// <summary><c>GET /v1/schema</c>.</summary>
public sealed record SchemaDocument
{
    [JsonPropertyName("classes")] public List<ClassDefinition> Classes { get; init; } = [];
}

/// <summary>
/// A class (collection) definition. The members a client reasons about are typed; everything else the server sends
/// (vectorizer, index and sharding settings...) is kept in <see cref="Extra"/> and sent back as it came.
/// </summary>
public sealed record ClassDefinition
{
    [JsonPropertyName("class")] public required string Class { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("properties")] public List<PropertyDefinition>? Properties { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed record PropertyDefinition
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("dataType")] public required List<string> DataType { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary><c>GET /v1/meta</c>.</summary>
public sealed record ServerMeta
{
    [JsonPropertyName("hostname")] public string? Hostname { get; init; }
    /// <summary>The Weaviate version whose API the server speaks.</summary>
    [JsonPropertyName("version")] public string? Version { get; init; }
    /// <summary>Barge's own version; absent on a Weaviate server.</summary>
    [JsonPropertyName("bargeVersion")] public string? BargeVersion { get; init; }
    /// <summary>Where Barge keeps its data (<c>sqlite</c> or <c>postgres</c>); absent on a Weaviate server.</summary>
    [JsonPropertyName("bargeStore")] public string? BargeStore { get; init; }
}
