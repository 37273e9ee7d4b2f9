using System.Text.Json.Nodes;

namespace Barge.Core.Schema;

/// <summary>
/// A collection ("class" in Weaviate's words) with defaults filled in. Settings Barge does not act on
/// (vector index tuning, sharding, modules) are kept as opaque JSON so that clients get back what they sent.
/// </summary>
public sealed class ClassDefinition
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<PropertyDefinition> Properties { get; init; } = [];
    public string Vectorizer { get; init; } = "none";
    public string VectorIndexType { get; init; } = "hnsw";
    public JsonObject? VectorIndexConfig { get; init; }
    public JsonObject? VectorConfig { get; init; }
    public JsonObject? InvertedIndexConfig { get; init; }
    public JsonObject? MultiTenancyConfig { get; init; }
    public JsonObject? ReplicationConfig { get; init; }
    public JsonObject? ShardingConfig { get; init; }
    public JsonObject? ModuleConfig { get; init; }
    /// <summary>0.x semantic kind (<c>things</c> or <c>actions</c>) for classes made through the legacy API; null otherwise.</summary>
    public string? SemanticKind { get; init; }
    /// <summary>
    /// Tenants created explicitly (Weaviate's tenants API) of a multi-tenant class, in creation order. Objects may
    /// name other tenants too (Barge keeps accepting any tenant name on write); this is the registry they add to.
    /// </summary>
    public IReadOnlyList<TenantDefinition> Tenants { get; init; } = [];

    public PropertyDefinition? FindProperty(string name) => PropertiesByName.GetValueOrDefault(name);

    /// <summary>The same, for a name that is not a string yet (validation looks up every key of every object).</summary>
    public PropertyDefinition? FindProperty(ReadOnlySpan<char> name) =>
        PropertiesByName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var found) ? found : null;

    // Built on first use; the class never changes (changes make a new instance), and two threads building it at
    // once build the same thing. The first of two equal names wins, as a search in order would.
    private Dictionary<string, PropertyDefinition>? _propertiesByName;
    private Dictionary<string, PropertyDefinition> PropertiesByName => _propertiesByName ??= IndexByName(Properties);

    private static Dictionary<string, PropertyDefinition> IndexByName(IReadOnlyList<PropertyDefinition> properties)
    {
        var byName = new Dictionary<string, PropertyDefinition>(properties.Count, StringComparer.Ordinal);
        for (var i = 0; i < properties.Count; i++) byName.TryAdd(properties[i].Name, properties[i]);
        return byName;
    }

    /// <summary>
    /// The properties' names as UTF-8, for classes small enough that comparing a key with each name beats hashing
    /// it (see <see cref="PropertyKeys"/>); null for larger classes. Built on first use, like the dictionary.
    /// </summary>
    internal byte[][]? SmallClassUtf8Names => Properties.Count > MaxScannedProperties ? null
        : _utf8Names ??= Properties.Select(p => System.Text.Encoding.UTF8.GetBytes(p.Name)).ToArray();
    private byte[][]? _utf8Names;
    private const int MaxScannedProperties = 16;

    public bool IndexTimestamps => InvertedIndexConfig?["indexTimestamps"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
    public bool IndexNullState => InvertedIndexConfig?["indexNullState"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
    public bool IndexPropertyLength => InvertedIndexConfig?["indexPropertyLength"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
    public bool MultiTenancyEnabled => MultiTenancyConfig?["enabled"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;

    /// <summary>A copy with other properties (used by auto-schema and POST …/properties).</summary>
    public ClassDefinition WithProperties(IReadOnlyList<PropertyDefinition> properties) => new()
    {
        Name = Name, Description = Description, Properties = properties, Vectorizer = Vectorizer,
        VectorIndexType = VectorIndexType, VectorIndexConfig = VectorIndexConfig, VectorConfig = VectorConfig,
        InvertedIndexConfig = InvertedIndexConfig, MultiTenancyConfig = MultiTenancyConfig,
        ReplicationConfig = ReplicationConfig, ShardingConfig = ShardingConfig, ModuleConfig = ModuleConfig,
        SemanticKind = SemanticKind, Tenants = Tenants,
    };

    /// <summary>A copy made a class of a 0.x semantic kind (<c>things</c> or <c>actions</c>).</summary>
    public ClassDefinition WithSemanticKind(string kind) => new()
    {
        Name = Name, Description = Description, Properties = Properties, Vectorizer = Vectorizer,
        VectorIndexType = VectorIndexType, VectorIndexConfig = VectorIndexConfig, VectorConfig = VectorConfig,
        InvertedIndexConfig = InvertedIndexConfig, MultiTenancyConfig = MultiTenancyConfig,
        ReplicationConfig = ReplicationConfig, ShardingConfig = ShardingConfig, ModuleConfig = ModuleConfig,
        SemanticKind = kind, Tenants = Tenants,
    };

    /// <summary>A copy with another tenant registry.</summary>
    public ClassDefinition WithTenants(IReadOnlyList<TenantDefinition> tenants) => new()
    {
        Name = Name, Description = Description, Properties = Properties, Vectorizer = Vectorizer,
        VectorIndexType = VectorIndexType, VectorIndexConfig = VectorIndexConfig, VectorConfig = VectorConfig,
        InvertedIndexConfig = InvertedIndexConfig, MultiTenancyConfig = MultiTenancyConfig,
        ReplicationConfig = ReplicationConfig, ShardingConfig = ShardingConfig, ModuleConfig = ModuleConfig,
        SemanticKind = SemanticKind, Tenants = tenants,
    };
}
