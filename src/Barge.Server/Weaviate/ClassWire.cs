using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Schema;

namespace Barge.Server.Weaviate;

/// <summary>
/// Reads the v1 <c>Class</c> and <c>Property</c> bodies into <see cref="ClassInput"/>/<see cref="PropertyInput"/>,
/// remembering what was given. A member of the wrong JSON type is a binding error in Weaviate (before any
/// handler runs); it comes back as go-swagger's invalid-type error, code 601, never as a 500.
/// Unknown members are ignored, as Go's decoder does.
/// </summary>
public static partial class ClassWire
{
    /// <summary>Thrown while reading; carries the framework error message for the first offending member.</summary>
    private sealed class WireTypeException(string message) : Exception(message);

    public readonly record struct Parsed<T>(T? Value, string? Error);

    public static Parsed<ClassInput> ReadClass(JsonNode body) => Read(() => Class(Object(body, "body")!, ""));

    public static Parsed<PropertyInput> ReadProperty(JsonNode body) => Read(() => Property(Object(body, "body")!, "", nested: false));

    private static Parsed<T> Read<T>(Func<T> read)
    {
        try { return new Parsed<T>(read(), null); }
        catch (WireTypeException ex) { return new Parsed<T>(default, ex.Message); }
    }

    private static ClassInput Class(JsonObject o, string at) => new()
    {
        Class = String(o["class"], at + "class"),
        Description = String(o["description"], at + "description"),
        Properties = Array(o["properties"], at + "properties", (n, path) => Property(Element(n, path), path + ".", nested: false)),
        Vectorizer = String(o["vectorizer"], at + "vectorizer"),
        VectorIndexType = String(o["vectorIndexType"], at + "vectorIndexType"),
        VectorIndexConfig = Object(o["vectorIndexConfig"], at + "vectorIndexConfig"),
        VectorConfig = VectorConfig(o["vectorConfig"], at + "vectorConfig"),
        InvertedIndexConfig = Typed(o["invertedIndexConfig"], at + "invertedIndexConfig", InvertedIndexTypes),
        MultiTenancyConfig = Typed(o["multiTenancyConfig"], at + "multiTenancyConfig", MultiTenancyTypes),
        ReplicationConfig = Typed(o["replicationConfig"], at + "replicationConfig", ReplicationTypes),
        ShardingConfig = Typed(o["shardingConfig"], at + "shardingConfig", ShardingTypes),
        ModuleConfig = Object(o["moduleConfig"], at + "moduleConfig"),
    };

    private static PropertyInput Property(JsonObject o, string at, bool nested) => new()
    {
        Name = String(o["name"], at + "name"),
        DataType = Array(o["dataType"], at + "dataType", (n, path) => String(n, path) ?? ""),
        Description = String(o["description"], at + "description"),
        Tokenization = String(o["tokenization"], at + "tokenization") is { Length: > 0 } t ? t : null,
        IndexFilterable = Bool(o["indexFilterable"], at + "indexFilterable"),
        IndexSearchable = Bool(o["indexSearchable"], at + "indexSearchable"),
        // Weaviate's NestedProperty has neither member, so they are not read there.
        IndexInverted = nested ? null : Bool(o["indexInverted"], at + "indexInverted"),
        ModuleConfig = nested ? null : Object(o["moduleConfig"], at + "moduleConfig"),
        NestedProperties = Array(o["nestedProperties"], at + "nestedProperties", (n, path) => Property(Element(n, path), path + ".", nested: true)),
    };

    private static JsonObject? VectorConfig(JsonNode? node, string path)
    {
        var o = Object(node, path);
        if (o is null) return null;
        foreach (var (name, entry) in o)
        {
            var e = Object(entry, $"{path}.{name}") ?? throw new WireTypeException($"{path}.{name} in body must be of type object: \"null\"");
            String(e["vectorIndexType"], $"{path}.{name}.vectorIndexType");
            Object(e["vectorIndexConfig"], $"{path}.{name}.vectorIndexConfig");
        }
        return o;
    }

    // The typed members of Weaviate's config models; anything else in them is passed through untouched.
    private static readonly (string Path, JsonValueKind Kind, bool Integer)[] InvertedIndexTypes =
    [
        ("cleanupIntervalSeconds", JsonValueKind.Number, true), ("bm25", JsonValueKind.Object, false),
        ("bm25.b", JsonValueKind.Number, false), ("bm25.k1", JsonValueKind.Number, false),
        ("stopwords", JsonValueKind.Object, false), ("stopwords.preset", JsonValueKind.String, false),
        ("stopwords.additions", JsonValueKind.Array, false), ("stopwords.removals", JsonValueKind.Array, false),
        ("indexTimestamps", JsonValueKind.True, false), ("indexNullState", JsonValueKind.True, false), ("indexPropertyLength", JsonValueKind.True, false),
    ];
    private static readonly (string, JsonValueKind, bool)[] MultiTenancyTypes =
        [("enabled", JsonValueKind.True, false), ("autoTenantCreation", JsonValueKind.True, false), ("autoTenantActivation", JsonValueKind.True, false)];
    private static readonly (string, JsonValueKind, bool)[] ReplicationTypes =
        [("factor", JsonValueKind.Number, true), ("deletionStrategy", JsonValueKind.String, false)];
    private static readonly (string, JsonValueKind, bool)[] ShardingTypes =
    [
        ("desiredCount", JsonValueKind.Number, true), ("virtualPerPhysical", JsonValueKind.Number, true),
        ("key", JsonValueKind.String, false), ("strategy", JsonValueKind.String, false), ("function", JsonValueKind.String, false),
    ];

    private static JsonObject? Typed(JsonNode? node, string path, (string Path, JsonValueKind Kind, bool Integer)[] members)
    {
        var o = Object(node, path);
        if (o is null) return null;
        foreach (var (member, kind, integer) in members)
        {
            JsonNode? value = o;
            foreach (var part in member.Split('.')) value = value is JsonObject parent ? parent[part] : null;
            if (value is null) continue;
            var at = $"{path}.{member}";
            var actual = value.GetValueKind();
            var ok = kind switch
            {
                JsonValueKind.True => actual is JsonValueKind.True or JsonValueKind.False,
                _ => actual == kind,
            };
            if (!ok) throw TypeError(at, TypeName(kind, integer), value);
            if (integer && !value.AsValue().TryGetValue<long>(out _)) throw TypeError(at, "integer", value);
            if (kind == JsonValueKind.Array) Array(value, at, (n, p) => String(n, p));
        }
        return (JsonObject)o.DeepClone();
    }

    private static string? String(JsonNode? node, string path) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw TypeError(path, "string", node),
    };

    private static bool? Bool(JsonNode? node, string path) => node?.GetValueKind() switch
    {
        null => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw TypeError(path, "boolean", node),
    };

    private static JsonObject? Object(JsonNode? node, string path) => node switch
    {
        null => null,
        JsonObject o => o,
        _ => throw TypeError(path, "object", node),
    };

    /// <summary>A property inside a list: <c>null</c> there is not "absent" but a wrong type.</summary>
    private static JsonObject Element(JsonNode? node, string path) => Object(node, path) ?? throw TypeError(path, "object", node);

    private static IReadOnlyList<T>? Array<T>(JsonNode? node, string path, Func<JsonNode?, string, T> item) => node switch
    {
        null => null,
        JsonArray a => a.Select((n, i) => item(n, $"{path}.{i}")).ToList(),
        _ => throw TypeError(path, "array", node),
    };

    private static WireTypeException TypeError(string path, string expected, JsonNode? got) =>
        new($"{path} in body must be of type {expected}: \"{(got is null ? "null" : KindName(got.GetValueKind()))}\"");

    private static string TypeName(JsonValueKind kind, bool integer) => integer ? "integer" : kind switch
    {
        JsonValueKind.True => "boolean",
        _ => KindName(kind),
    };

    private static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.Number => "number",
        JsonValueKind.String => "string",
        _ => "null",
    };
}
