using System.Text.Json.Nodes;
using Barge.Core.Schema;

namespace Barge.Server.Weaviate;

/// <summary>
/// Writes <see cref="ClassDefinition"/> as the v1 <c>Class</c> and <c>Property</c> bodies (GET and POST
/// <c>/v1/schema</c>). Today this is the same JSON as Core's persisted form (<see cref="PersistedClassJson"/>) without
/// the tenant registry, but the two are separate contracts: this one follows Weaviate, that one must keep reading
/// existing rows, so each writes its own members.
/// </summary>
public static partial class ClassWire
{
    public static JsonObject WriteClass(ClassDefinition c)
    {
        var o = new JsonObject { ["class"] = c.Name };
        if (c.Description is not null) o["description"] = c.Description;
        // Weaviate omits unset members ("omitempty"), except properties, which it always writes (null when none).
        if (c.InvertedIndexConfig is not null) o["invertedIndexConfig"] = c.InvertedIndexConfig.DeepClone();
        if (c.ModuleConfig is not null) o["moduleConfig"] = c.ModuleConfig.DeepClone();
        if (c.MultiTenancyConfig is not null) o["multiTenancyConfig"] = c.MultiTenancyConfig.DeepClone();
        o["properties"] = c.Properties.Count == 0 ? null : new JsonArray(c.Properties.Select(p => (JsonNode)WriteProperty(p)).ToArray());
        if (c.ReplicationConfig is not null) o["replicationConfig"] = c.ReplicationConfig.DeepClone();
        if (c.ShardingConfig is not null) o["shardingConfig"] = c.ShardingConfig.DeepClone();
        if (c.VectorConfig is not null) o["vectorConfig"] = c.VectorConfig.DeepClone();
        if (c.VectorIndexConfig is not null) o["vectorIndexConfig"] = c.VectorIndexConfig.DeepClone();
        // Classes with named vectors have neither (empty strings here).
        if (c.VectorIndexType.Length > 0) o["vectorIndexType"] = c.VectorIndexType;
        if (c.Vectorizer.Length > 0) o["vectorizer"] = c.Vectorizer;
        // A class made through the 0.x API shows its kind here too, as it always has (Weaviate has no such member).
        if (c.SemanticKind is not null) o["x-barge-kind"] = c.SemanticKind;
        return o;
    }

    public static JsonObject WriteProperty(PropertyDefinition p)
    {
        var o = new JsonObject { ["dataType"] = new JsonArray(p.DataTypeNames.Select(n => (JsonNode)JsonValue.Create(n)).ToArray()) };
        if (p.Description is not null) o["description"] = p.Description;
        o["indexFilterable"] = p.IndexFilterable;
        o["indexSearchable"] = p.IndexSearchable;
        if (p.ModuleConfig is not null) o["moduleConfig"] = p.ModuleConfig.DeepClone();
        o["name"] = p.Name;
        if (p.NestedProperties is { Count: > 0 })
            o["nestedProperties"] = new JsonArray(p.NestedProperties.Select(n => (JsonNode)WriteProperty(n)).ToArray());
        if (p.Tokenization is not null) o["tokenization"] = p.Tokenization;
        return o;
    }
}
