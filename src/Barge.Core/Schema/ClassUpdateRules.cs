using System.Text.Json.Nodes;

namespace Barge.Core.Schema;

/// <summary>
/// PUT /v1/schema/{className}: what may change on an existing class. Settings the client leaves out keep their
/// current value; the name, multi-tenancy, vectorizers, index types and distances, and every property field other
/// than the description are fixed once created (properties are added through POST …/properties).
/// </summary>
public static class ClassUpdateRules
{
    private const string PropertiesChanged =
        "property fields other than description cannot be updated through updating the class. Use the add property feature " +
        "(e.g. \"POST /v1/schema/{className}/properties\") to add additional properties";

    public static SchemaCheck<ClassDefinition> Check(ClassDefinition current, ClassInput input,
        IReadOnlyCollection<ClassDefinition> existing, SchemaSettings settings)
    {
        var name = SchemaNames.ClassNameFor(input.Class ?? "");
        if (name != current.Name) return Fail($"class name is immutable: attempted change from \"{current.Name}\" to \"{name}\"");
        var enabling = input.MultiTenancyConfig is null ? current.MultiTenancyEnabled : ConfigJson.Bool(input.MultiTenancyConfig["enabled"]);
        if (enabling != current.MultiTenancyEnabled)
            return Fail(current.MultiTenancyEnabled ? "disabling multi-tenancy for an existing class is not supported"
                : "enabling multi-tenancy for an existing class is not supported");

        if (input.VectorConfig is not null && (input.VectorConfig.Count > 0) != (current.VectorConfig is not null))
            return Fail("vector config is immutable");

        var properties = current.Properties;
        if (input.Properties is not null)
        {
            var merged = MergeProperties(current, input.Properties, existing, settings);
            if (!merged.IsOk) return Fail(merged.Error);
            properties = merged.Value;
        }

        var effective = input with
        {
            Description = input.Description ?? current.Description,
            Vectorizer = input.Vectorizer ?? NullIfEmpty(current.Vectorizer),
            VectorIndexType = input.VectorIndexType ?? NullIfEmpty(current.VectorIndexType),
            VectorIndexConfig = input.VectorIndexConfig ?? (input.VectorConfig is null ? current.VectorIndexConfig : null),
            VectorConfig = input.VectorConfig ?? current.VectorConfig,
            InvertedIndexConfig = input.InvertedIndexConfig ?? current.InvertedIndexConfig,
            MultiTenancyConfig = input.MultiTenancyConfig ?? current.MultiTenancyConfig,
            ReplicationConfig = input.ReplicationConfig ?? current.ReplicationConfig,
            // Sharding is the server's business on a single node: it stays as created.
            ShardingConfig = current.ShardingConfig,
            ModuleConfig = input.ModuleConfig ?? current.ModuleConfig,
        };
        var built = SchemaValidator.Build(name, effective, properties, settings);
        if (!built.IsOk) return built;
        var updated = built.Value;
        if (ImmutableVectorError(current, updated) is { } vectorError) return Fail(vectorError);
        if (ImmutableInvertedError(current, updated) is { } invertedError) return Fail(invertedError);
        return built;
    }

    /// <summary>The given properties must be the current ones, field for field once defaults are filled; only descriptions change.</summary>
    private static SchemaCheck<IReadOnlyList<PropertyDefinition>> MergeProperties(ClassDefinition current, IReadOnlyList<PropertyInput> given,
        IReadOnlyCollection<ClassDefinition> existing, SchemaSettings settings)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var byName = new Dictionary<string, PropertyDefinition>(StringComparer.Ordinal);
        foreach (var p in given)
        {
            var check = PropertyRules.Check(p, current.Name, taken, n => existing.Any(c => c.Name == n), settings);
            if (!check.IsOk) return SchemaCheck<IReadOnlyList<PropertyDefinition>>.Fail(check.Error);
            taken.Add(check.Value.Name.ToLowerInvariant());
            byName[check.Value.Name] = check.Value;
        }
        if (byName.Count != current.Properties.Count) return SchemaCheck<IReadOnlyList<PropertyDefinition>>.Fail(PropertiesChanged);
        var result = new List<PropertyDefinition>();
        foreach (var old in current.Properties)
        {
            if (!byName.TryGetValue(old.Name, out var updated) || !JsonNode.DeepEquals(WithoutDescription(old), WithoutDescription(updated)))
                return SchemaCheck<IReadOnlyList<PropertyDefinition>>.Fail(PropertiesChanged);
            result.Add(updated);
        }
        return SchemaCheck<IReadOnlyList<PropertyDefinition>>.Ok(result);
    }

    private static JsonObject WithoutDescription(PropertyDefinition p)
    {
        var o = PersistedClassJson.ToJson(p);
        o.Remove("description");
        return o;
    }

    private static string? ImmutableVectorError(ClassDefinition current, ClassDefinition updated)
    {
        if ((current.VectorConfig is null) != (updated.VectorConfig is null)) return "vector config is immutable";
        if (current.VectorConfig is null)
            return Changed("vectorizer", current.Vectorizer, updated.Vectorizer)
                ?? Changed("vector index type", current.VectorIndexType, updated.VectorIndexType)
                ?? Changed("distance", Distance(current.VectorIndexConfig), Distance(updated.VectorIndexConfig));
        if (current.VectorConfig.Count != updated.VectorConfig!.Count) return "vector config is immutable";
        foreach (var (vector, node) in updated.VectorConfig)
        {
            if (current.VectorConfig[vector] is not JsonObject before) return "vector config is immutable";
            if (!JsonNode.DeepEquals(before["vectorizer"], node!["vectorizer"])) return $"vectorizer config of vector \"{vector}\" is immutable";
            if (Changed($"vector index type of vector \"{vector}\"", ConfigJson.String(before["vectorIndexType"]) ?? "", ConfigJson.String(node["vectorIndexType"]) ?? "") is { } e)
                return e;
            if (Changed($"distance of vector \"{vector}\"", Distance(before["vectorIndexConfig"]), Distance(node["vectorIndexConfig"])) is { } d)
                return d;
        }
        return null;
    }

    private static string? ImmutableInvertedError(ClassDefinition current, ClassDefinition updated)
    {
        if (current.IndexPropertyLength != updated.IndexPropertyLength) return "IndexPropertyLength cannot be changed when updating a schema";
        if (current.IndexNullState != updated.IndexNullState) return "IndexNullState cannot be changed when updating a schema";
        return null;
    }

    private static string? Changed(string what, string before, string after) =>
        before == after ? null : $"{what} is immutable: attempted change from \"{before}\" to \"{after}\"";

    private static string Distance(JsonNode? indexConfig) => ConfigJson.String(indexConfig?["distance"]) ?? "cosine";

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    private static SchemaCheck<ClassDefinition> Fail(string error) => SchemaCheck<ClassDefinition>.Fail(error);
}
