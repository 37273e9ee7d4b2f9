using System.Text.Json.Nodes;

namespace Barge.Core.Schema;

/// <summary>
/// How a class is kept in a store's <c>classes</c> table. It uses Weaviate's v1 field names because that is what the
/// first stores wrote; it is Barge's own form now and does not follow the v1 wire form (the Weaviate dialect's
/// <c>ClassWire</c>) when that changes: every data folder and database holds rows in this form, so a change here must
/// still read every row written before it. Members Weaviate does not have are prefixed <c>x-barge-</c>.
/// </summary>
public static class PersistedClassJson
{
    private const string TenantsMember = "x-barge-tenants";
    private const string KindMember = "x-barge-kind";

    public static string Serialize(ClassDefinition c)
    {
        var o = new JsonObject { ["class"] = c.Name };
        if (c.Description is not null) o["description"] = c.Description;
        if (c.InvertedIndexConfig is not null) o["invertedIndexConfig"] = c.InvertedIndexConfig.DeepClone();
        if (c.ModuleConfig is not null) o["moduleConfig"] = c.ModuleConfig.DeepClone();
        if (c.MultiTenancyConfig is not null) o["multiTenancyConfig"] = c.MultiTenancyConfig.DeepClone();
        // Written even when there are none (as null), as the first stores did.
        o["properties"] = c.Properties.Count == 0 ? null : new JsonArray(c.Properties.Select(p => (JsonNode)ToJson(p)).ToArray());
        if (c.ReplicationConfig is not null) o["replicationConfig"] = c.ReplicationConfig.DeepClone();
        if (c.ShardingConfig is not null) o["shardingConfig"] = c.ShardingConfig.DeepClone();
        if (c.VectorConfig is not null) o["vectorConfig"] = c.VectorConfig.DeepClone();
        if (c.VectorIndexConfig is not null) o["vectorIndexConfig"] = c.VectorIndexConfig.DeepClone();
        // Classes with named vectors have neither (empty strings here).
        if (c.VectorIndexType.Length > 0) o["vectorIndexType"] = c.VectorIndexType;
        if (c.Vectorizer.Length > 0) o["vectorizer"] = c.Vectorizer;
        if (c.SemanticKind is not null) o[KindMember] = c.SemanticKind;
        if (c.Tenants.Count > 0)
            o[TenantsMember] = new JsonArray(c.Tenants.Select(t => (JsonNode)new JsonObject { ["name"] = t.Name, ["activityStatus"] = t.ActivityStatus }).ToArray());
        return o.ToJsonString();
    }

    /// <summary>Reads a row written by <see cref="Serialize"/>, today or by an earlier version (trusted input).</summary>
    public static ClassDefinition Deserialize(string json)
    {
        var o = JsonNode.Parse(json)!.AsObject();
        // A class with named vectors has no class-level vectorizer or index type; others default to none/hnsw.
        var named = o["vectorConfig"] is JsonObject;
        return new ClassDefinition
        {
            Name = (string)o["class"]!,
            Description = (string?)o["description"],
            Properties = o["properties"] is JsonArray props ? props.Select(p => PropertyFromJson(p!.AsObject())).ToArray() : [],
            Vectorizer = (string?)o["vectorizer"] ?? (named ? "" : "none"),
            VectorIndexType = (string?)o["vectorIndexType"] ?? (named ? "" : "hnsw"),
            VectorIndexConfig = Clone(o["vectorIndexConfig"]),
            VectorConfig = Clone(o["vectorConfig"]),
            InvertedIndexConfig = Clone(o["invertedIndexConfig"]),
            MultiTenancyConfig = Clone(o["multiTenancyConfig"]),
            ReplicationConfig = Clone(o["replicationConfig"]),
            ShardingConfig = Clone(o["shardingConfig"]),
            ModuleConfig = Clone(o["moduleConfig"]),
            SemanticKind = (string?)o[KindMember],
            Tenants = o[TenantsMember] is JsonArray tenants
                ? tenants.Select(t => new TenantDefinition((string)t!["name"]!, (string?)t["activityStatus"] ?? TenantDefinition.Hot)).ToArray()
                : [],
        };
    }

    /// <summary>A property as persisted: every member it has, so two properties with equal forms are the same property.</summary>
    public static JsonObject ToJson(PropertyDefinition p)
    {
        var o = new JsonObject { ["dataType"] = new JsonArray(p.DataTypeNames.Select(n => (JsonNode)JsonValue.Create(n)).ToArray()) };
        if (p.Description is not null) o["description"] = p.Description;
        o["indexFilterable"] = p.IndexFilterable;
        o["indexSearchable"] = p.IndexSearchable;
        if (p.ModuleConfig is not null) o["moduleConfig"] = p.ModuleConfig.DeepClone();
        o["name"] = p.Name;
        if (p.NestedProperties is { Count: > 0 })
            o["nestedProperties"] = new JsonArray(p.NestedProperties.Select(n => (JsonNode)ToJson(n)).ToArray());
        if (p.Tokenization is not null) o["tokenization"] = p.Tokenization;
        return o;
    }

    private static PropertyDefinition PropertyFromJson(JsonObject o) => new()
    {
        Name = (string)o["name"]!,
        DataTypeNames = o["dataType"]!.AsArray().Select(n => (string)n!).ToArray(),
        Description = (string?)o["description"],
        Tokenization = (string?)o["tokenization"],
        IndexFilterable = o["indexFilterable"]?.GetValue<bool>() ?? true,
        IndexSearchable = o["indexSearchable"]?.GetValue<bool>() ?? false,
        ModuleConfig = Clone(o["moduleConfig"]),
        NestedProperties = o["nestedProperties"] is JsonArray nested ? nested.Select(n => PropertyFromJson(n!.AsObject())).ToArray() : null,
    };

    private static JsonObject? Clone(JsonNode? node) => node is JsonObject o ? (JsonObject)o.DeepClone() : null;
}
