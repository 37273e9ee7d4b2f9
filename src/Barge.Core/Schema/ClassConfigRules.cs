using System.Globalization;
using System.Text.Json.Nodes;

namespace Barge.Core.Schema;

/// <summary>
/// Defaults and checks for the class-level configuration objects. Each takes what the client gave (null: not
/// given) and returns the complete stored object, or Weaviate's error for it.
/// </summary>
public static class ClassConfigRules
{
    private static readonly HashSet<string> IndexTypes = new(StringComparer.Ordinal) { "hnsw", "flat", "dynamic" };
    private static readonly HashSet<string> StopwordPresets = new(StringComparer.Ordinal) { "en", "none" };
    private static readonly string[] FalseOmittedFlags = ["indexTimestamps", "indexNullState", "indexPropertyLength"];

    public static SchemaCheck<JsonObject> InvertedIndex(JsonObject? given)
    {
        var config = ConfigJson.Merge(SchemaDefaults.InvertedIndexConfig(), given);
        // Weaviate treats 0 as "not set" and omits false flags from its answers.
        if (ConfigJson.Number(config["cleanupIntervalSeconds"]) is 0) config["cleanupIntervalSeconds"] = 60;
        foreach (var flag in FalseOmittedFlags)
            if (!ConfigJson.Bool(config[flag])) config.Remove(flag);

        if (ConfigJson.Number(config["cleanupIntervalSeconds"]) < 0) return Fail("cleanup interval seconds must be > 0");
        if (ConfigJson.Number(config["bm25"]?["k1"]) < 0) return Fail("BM25.k1 must be >= 0");
        if (ConfigJson.Number(config["bm25"]?["b"]) is < 0 or > 1) return Fail("BM25.b must be <= 0 and <= 1");
        var stopwords = config["stopwords"];
        var preset = ConfigJson.String(stopwords?["preset"]);
        if (string.IsNullOrEmpty(preset)) stopwords!["preset"] = preset = "en";
        if (!StopwordPresets.Contains(preset)) return Fail($"stopwordPreset '{preset}' does not exist");
        var removals = ConfigJson.Strings(stopwords?["removals"]).ToHashSet(StringComparer.Ordinal);
        foreach (var word in ConfigJson.Strings(stopwords?["additions"]))
            if (removals.Contains(word)) return Fail($"found '{word}' in both stopwords.additions and stopwords.removals");
        return Ok(config);
    }

    public static SchemaCheck<JsonObject> MultiTenancy(JsonObject? given)
    {
        var config = ConfigJson.Merge(SchemaDefaults.MultiTenancyConfig(), given);
        if (!ConfigJson.Bool(config["enabled"]))
        {
            if (ConfigJson.Bool(config["autoTenantCreation"])) return Fail("can't enable autoTenantCreation on a non-multi-tenant class");
            if (ConfigJson.Bool(config["autoTenantActivation"])) return Fail("can't enable autoTenantActivation on a non-multi-tenant class");
        }
        return Ok(config);
    }

    /// <summary>Barge is a single node: a replication factor above 1 cannot be honoured.</summary>
    public static SchemaCheck<JsonObject> Replication(JsonObject? given)
    {
        var config = ConfigJson.Merge(SchemaDefaults.ReplicationConfig(), given);
        var factor = ConfigJson.Number(config["factor"]) ?? 1;
        if (factor < 1) config["factor"] = 1;
        else if (factor > 1) return Fail($"could not find enough weaviate nodes for replication: 1 available, {factor.ToString(CultureInfo.InvariantCulture)} requested");
        return Ok(config);
    }

    /// <summary>Only Weaviate's one sharding scheme exists; the counts derived from the desired ones are recomputed.</summary>
    public static SchemaCheck<JsonObject> Sharding(JsonObject? given)
    {
        var config = ConfigJson.Merge(SchemaDefaults.ShardingConfig(), given);
        if (ConfigJson.String(config["key"]) is var key && key != "_id") return Fail($"sharding only supported on key '_id' for now, got: {key}");
        if (ConfigJson.String(config["strategy"]) is var strategy && strategy != "hash") return Fail($"sharding only supported with strategy 'hash' for now, got: {strategy}");
        if (ConfigJson.String(config["function"]) is var function && function != "murmur3") return Fail($"sharding only supported with function 'murmur3' for now, got: {function}");
        var desired = (long)Math.Max(1, ConfigJson.Number(config["desiredCount"]) ?? 1);
        var perPhysical = (long)Math.Max(1, ConfigJson.Number(config["virtualPerPhysical"]) ?? 128);
        config["desiredCount"] = desired;
        config["actualCount"] = desired;
        config["virtualPerPhysical"] = perPhysical;
        config["desiredVirtualCount"] = desired * perPhysical;
        config["actualVirtualCount"] = desired * perPhysical;
        return Ok(config);
    }

    public static string? VectorIndexTypeError(string vectorIndexType) =>
        IndexTypes.Contains(vectorIndexType) ? null : $"unrecognized or unsupported vectorIndexType \"{vectorIndexType}\"";

    /// <summary>
    /// Named vectors: each entry gets <c>vectorIndexType</c> (default hnsw), a complete <c>vectorIndexConfig</c>,
    /// and a vectorizer (default <c>{"none":{}}</c>) which must name exactly one module.
    /// </summary>
    public static SchemaCheck<JsonObject> NamedVectors(JsonObject given)
    {
        var result = new JsonObject();
        foreach (var (name, node) in given)
        {
            if (node is not JsonObject entry) return Fail($"vector config of vector \"{name}\" must be an object");
            var indexType = ConfigJson.String(entry["vectorIndexType"]) is { Length: > 0 } t ? t : SchemaDefaults.VectorIndexType;
            if (VectorIndexTypeError(indexType) is { } typeError) return Fail(typeError);
            var vectorizer = entry["vectorizer"] ?? new JsonObject { ["none"] = new JsonObject() };
            if (vectorizer is not JsonObject { Count: 1 })
                return Fail($"vectorizer config of vector \"{name}\" must be an object with exactly one vectorizer module");
            var stored = (JsonObject)entry.DeepClone();
            stored["vectorizer"] = vectorizer.DeepClone();
            stored["vectorIndexType"] = indexType;
            stored["vectorIndexConfig"] = ConfigJson.Merge(SchemaDefaults.VectorIndexConfig(indexType), entry["vectorIndexConfig"] as JsonObject);
            result[name] = stored;
        }
        return Ok(result);
    }

    private static SchemaCheck<JsonObject> Ok(JsonObject o) => SchemaCheck<JsonObject>.Ok(o);
    private static SchemaCheck<JsonObject> Fail(string e) => SchemaCheck<JsonObject>.Fail(e);
}
