using System.Text.Json.Nodes;

namespace Barge.Core.Schema;

/// <summary>
/// A class as a client sent it, before defaults. A null member means "not given" (absent or JSON null), which
/// is what lets defaults be filled in and lets an update keep what the client left out.
/// </summary>
public sealed record ClassInput
{
    public string? Class { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<PropertyInput>? Properties { get; init; }
    public string? Vectorizer { get; init; }
    public string? VectorIndexType { get; init; }
    public JsonObject? VectorIndexConfig { get; init; }
    /// <summary>Named vectors: name → <c>{vectorizer, vectorIndexType, vectorIndexConfig}</c>.</summary>
    public JsonObject? VectorConfig { get; init; }
    public JsonObject? InvertedIndexConfig { get; init; }
    public JsonObject? MultiTenancyConfig { get; init; }
    public JsonObject? ReplicationConfig { get; init; }
    public JsonObject? ShardingConfig { get; init; }
    public JsonObject? ModuleConfig { get; init; }
}

/// <summary>A property (or nested property) as a client sent it; null members were not given.</summary>
public sealed record PropertyInput
{
    public string? Name { get; init; }
    public IReadOnlyList<string>? DataType { get; init; }
    public string? Description { get; init; }
    /// <summary>Null (or empty, as Weaviate treats it) means "use the default for the data type".</summary>
    public string? Tokenization { get; init; }
    public bool? IndexFilterable { get; init; }
    public bool? IndexSearchable { get; init; }
    /// <summary>Deprecated switch, migrated to the two flags above; may not be combined with them.</summary>
    public bool? IndexInverted { get; init; }
    public JsonObject? ModuleConfig { get; init; }
    public IReadOnlyList<PropertyInput>? NestedProperties { get; init; }
}
