using System.Text.Json.Nodes;

namespace Barge.Core.Schema;

/// <summary>
/// Weaviate's schema rules as pure functions: a client's <see cref="ClassInput"/> or <see cref="PropertyInput"/>
/// against the current classes gives either the complete definition to store (defaults filled, deprecated
/// spellings migrated) or the exact message Weaviate answers with (HTTP 422).
/// </summary>
public static class SchemaValidator
{
    /// <summary>POST /v1/schema: a new class.</summary>
    public static SchemaCheck<ClassDefinition> NewClass(ClassInput input, IReadOnlyCollection<ClassDefinition> existing, SchemaSettings settings)
    {
        var name = SchemaNames.ClassNameFor(input.Class ?? "");
        if (input.ShardingConfig is not null && ConfigJson.Bool(input.MultiTenancyConfig?["enabled"]))
            return Fail("cannot have both shardingConfig and multiTenancyConfig");
        if (SchemaNames.ClassNameError(name) is { } nameError) return Fail(nameError);

        var taken = new HashSet<string>(StringComparer.Ordinal);
        var properties = new List<PropertyDefinition>();
        foreach (var p in input.Properties ?? [])
        {
            var check = PropertyRules.Check(p, name, taken, ExistsIn(existing), settings);
            if (!check.IsOk) return Fail(check.Error);
            properties.Add(check.Value);
            taken.Add(check.Value.Name.ToLowerInvariant());
        }

        var built = Build(name, input, properties, settings);
        if (!built.IsOk) return built;
        // Checked last, as Weaviate does: a broken body is reported as such even when the name is taken.
        if (FindSimilar(existing, name) is { } other)
            return Fail(other.Name == name ? $"class name {name} already exists" : $"class already exists: found similar class \"{other.Name}\"");
        return built;
    }

    /// <summary>POST /v1/schema/{className}/properties: one more property for <paramref name="target"/>.</summary>
    public static SchemaCheck<PropertyDefinition> NewProperty(ClassDefinition target, PropertyInput input,
        IReadOnlyCollection<ClassDefinition> existing, SchemaSettings settings)
    {
        if (string.IsNullOrEmpty(input.Name)) return SchemaCheck<PropertyDefinition>.Fail("property must contain name");
        if (input.DataType is null) return SchemaCheck<PropertyDefinition>.Fail("property must contain dataType");
        var taken = target.Properties.Select(p => p.Name.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        return PropertyRules.Check(input, target.Name, taken, ExistsIn(existing), settings);
    }

    /// <summary>The class whose name equals <paramref name="name"/> ignoring case (Weaviate's uniqueness rule).</summary>
    public static ClassDefinition? FindSimilar(IEnumerable<ClassDefinition> classes, string name) =>
        classes.FirstOrDefault(c => c.Name == name) ?? classes.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Vectors, index settings and class-level configuration, shared by create and update.</summary>
    internal static SchemaCheck<ClassDefinition> Build(string name, ClassInput input, IReadOnlyList<PropertyDefinition> properties, SchemaSettings settings)
    {
        string vectorizer = "", indexType = "";
        JsonObject? indexConfig = null, vectorConfig = null;
        if (input.VectorConfig is { Count: > 0 })
        {
            if (!string.IsNullOrEmpty(input.Vectorizer))
                return Fail($"class.vectorizer \"{input.Vectorizer}\" can not be set if class.vectorConfig is configured");
            if (!string.IsNullOrEmpty(input.VectorIndexType))
                return Fail($"class.vectorIndexType \"{input.VectorIndexType}\" can not be set if class.vectorConfig is configured");
            if (input.VectorIndexConfig is not null)
                return Fail("class.vectorIndexConfig can not be set if class.vectorConfig is configured");
            var named = ClassConfigRules.NamedVectors(input.VectorConfig);
            if (!named.IsOk) return Fail(named.Error);
            vectorConfig = named.Value;
        }
        else
        {
            indexType = string.IsNullOrEmpty(input.VectorIndexType) ? SchemaDefaults.VectorIndexType : input.VectorIndexType;
            if (ClassConfigRules.VectorIndexTypeError(indexType) is { } typeError) return Fail(typeError);
            vectorizer = string.IsNullOrEmpty(input.Vectorizer) ? settings.DefaultVectorizer : input.Vectorizer;
            indexConfig = ConfigJson.Merge(SchemaDefaults.VectorIndexConfig(indexType), input.VectorIndexConfig);
        }

        var inverted = ClassConfigRules.InvertedIndex(input.InvertedIndexConfig);
        if (!inverted.IsOk) return Fail(inverted.Error);
        var tenancy = ClassConfigRules.MultiTenancy(input.MultiTenancyConfig);
        if (!tenancy.IsOk) return Fail(tenancy.Error);
        var replication = ClassConfigRules.Replication(input.ReplicationConfig);
        if (!replication.IsOk) return Fail(replication.Error);
        var sharding = ClassConfigRules.Sharding(input.ShardingConfig);
        if (!sharding.IsOk) return Fail(sharding.Error);

        return SchemaCheck<ClassDefinition>.Ok(new ClassDefinition
        {
            Name = name,
            Description = string.IsNullOrEmpty(input.Description) ? null : input.Description,
            Properties = properties,
            Vectorizer = vectorizer,
            VectorIndexType = indexType,
            VectorIndexConfig = indexConfig,
            VectorConfig = vectorConfig,
            InvertedIndexConfig = inverted.Value,
            MultiTenancyConfig = tenancy.Value,
            ReplicationConfig = replication.Value,
            ShardingConfig = sharding.Value,
            ModuleConfig = input.ModuleConfig is null ? null : (JsonObject)input.ModuleConfig.DeepClone(),
        });
    }

    private static Func<string, bool> ExistsIn(IReadOnlyCollection<ClassDefinition> existing) =>
        name => existing.Any(c => c.Name == name);

    private static SchemaCheck<ClassDefinition> Fail(string error) => SchemaCheck<ClassDefinition>.Fail(error);
}
