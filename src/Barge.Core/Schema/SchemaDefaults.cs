using System.Text.Json.Nodes;

namespace Barge.Core.Schema;

/// <summary>
/// The configuration a Weaviate 1.25 server fills into a new class (spec §5.2). Each call returns a fresh object
/// the caller may change. Barge does not act on most of it; it is stored so that clients read back what they expect.
/// </summary>
public static class SchemaDefaults
{
    public const string VectorIndexType = "hnsw";

    public static JsonObject InvertedIndexConfig() => new()
    {
        ["cleanupIntervalSeconds"] = 60,
        ["bm25"] = new JsonObject { ["b"] = 0.75, ["k1"] = 1.2 },
        ["stopwords"] = new JsonObject { ["preset"] = "en", ["additions"] = null, ["removals"] = null },
    };

    public static JsonObject MultiTenancyConfig() => new() { ["enabled"] = false, ["autoTenantCreation"] = false };

    public static JsonObject ReplicationConfig() => new() { ["factor"] = 1 };

    public static JsonObject ShardingConfig() => new()
    {
        ["actualCount"] = 1,
        ["actualVirtualCount"] = 128,
        ["desiredCount"] = 1,
        ["desiredVirtualCount"] = 128,
        ["function"] = "murmur3",
        ["key"] = "_id",
        ["strategy"] = "hash",
        ["virtualPerPhysical"] = 128,
    };

    public static JsonObject HnswConfig() => new()
    {
        ["skip"] = false,
        ["cleanupIntervalSeconds"] = 300,
        ["maxConnections"] = 64,
        ["efConstruction"] = 128,
        ["ef"] = -1,
        ["dynamicEfMin"] = 100,
        ["dynamicEfMax"] = 500,
        ["dynamicEfFactor"] = 8,
        ["vectorCacheMaxObjects"] = 1_000_000_000_000L,
        ["flatSearchCutoff"] = 40000,
        ["distance"] = "cosine",
        ["pq"] = new JsonObject
        {
            ["enabled"] = false, ["bitCompression"] = false, ["segments"] = 0, ["centroids"] = 256, ["trainingLimit"] = 100000,
            ["encoder"] = new JsonObject { ["type"] = "kmeans", ["distribution"] = "log-normal" },
        },
        ["bq"] = new JsonObject { ["enabled"] = false },
    };

    public static JsonObject FlatConfig() => new()
    {
        ["distance"] = "cosine",
        ["vectorCacheMaxObjects"] = 1_000_000_000_000L,
        ["pq"] = new JsonObject { ["enabled"] = false, ["rescoreLimit"] = -1, ["cache"] = false },
        ["bq"] = new JsonObject { ["enabled"] = false, ["rescoreLimit"] = -1, ["cache"] = false },
    };

    public static JsonObject DynamicConfig() => new()
    {
        ["distance"] = "cosine",
        ["threshold"] = 10000,
        ["hnsw"] = HnswConfig(),
        ["flat"] = FlatConfig(),
    };

    /// <summary>The default index configuration for a (validated) vector index type.</summary>
    public static JsonObject VectorIndexConfig(string vectorIndexType) => vectorIndexType switch
    {
        "flat" => FlatConfig(),
        "dynamic" => DynamicConfig(),
        _ => HnswConfig(),
    };

    /// <summary>
    /// A new class with every default filled in and no properties: what auto-schema starts from.
    /// <paramref name="name"/> must already be a valid class name.
    /// </summary>
    public static ClassDefinition NewClass(string name, SchemaSettings settings, string? description = null) => Complete(new ClassDefinition
    {
        Name = name,
        Description = description,
        Vectorizer = settings.DefaultVectorizer,
    });

    /// <summary>
    /// A property of a primitive type (or a reference) with Weaviate's defaults: tokenization for text,
    /// filterable always, searchable for text. <paramref name="name"/> must already be valid.
    /// </summary>
    public static PropertyDefinition NewProperty(string name, IReadOnlyList<string> dataType, SchemaSettings settings,
        IReadOnlyList<PropertyDefinition>? nestedProperties = null)
    {
        var text = dataType is ["text" or "text[]"];
        return new PropertyDefinition
        {
            Name = name,
            DataTypeNames = dataType.ToArray(),
            Tokenization = text ? settings.DefaultTokenization : null,
            IndexFilterable = true,
            IndexSearchable = text,
            NestedProperties = nestedProperties,
        };
    }

    /// <summary>
    /// Fills the class-level configuration a definition built in code left null (auto-schema, legacy API), so that
    /// every stored class reads back complete. Settings that are present are kept as they are.
    /// </summary>
    public static ClassDefinition Complete(ClassDefinition c)
    {
        var named = c.VectorConfig is { Count: > 0 };
        if (!named && c.VectorIndexConfig is not null && c.InvertedIndexConfig is not null && c.MultiTenancyConfig is not null
            && c.ReplicationConfig is not null && c.ShardingConfig is not null && c.VectorIndexType.Length > 0)
            return c;
        var indexType = named ? "" : c.VectorIndexType.Length > 0 ? c.VectorIndexType : VectorIndexType;
        return new ClassDefinition
        {
            Name = c.Name, Description = c.Description, Properties = c.Properties,
            Vectorizer = named ? "" : c.Vectorizer.Length > 0 ? c.Vectorizer : "none",
            VectorIndexType = indexType,
            VectorIndexConfig = named ? null : c.VectorIndexConfig ?? VectorIndexConfig(indexType),
            VectorConfig = c.VectorConfig,
            InvertedIndexConfig = c.InvertedIndexConfig ?? InvertedIndexConfig(),
            MultiTenancyConfig = c.MultiTenancyConfig ?? MultiTenancyConfig(),
            ReplicationConfig = c.ReplicationConfig ?? ReplicationConfig(),
            ShardingConfig = c.ShardingConfig ?? ShardingConfig(),
            ModuleConfig = c.ModuleConfig,
            SemanticKind = c.SemanticKind,
            Tenants = c.Tenants,
        };
    }
}
