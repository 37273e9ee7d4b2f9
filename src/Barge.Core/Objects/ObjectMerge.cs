using System.Text.Json.Nodes;
using Barge.Core.Schema;

namespace Barge.Core.Objects;

/// <summary>Merge semantics shared by PATCH and the batch service: the patch's keys replace the stored ones, null removes.</summary>
public static class ObjectMerge
{
    /// <summary>A copy of <paramref name="current"/> with the patch applied; keys get a lower-case first letter, as property names do.</summary>
    public static JsonObject Merge(JsonObject current, IEnumerable<KeyValuePair<string, JsonNode?>> patch)
    {
        var merged = (JsonObject)current.DeepClone();
        foreach (var (key, value) in patch)
        {
            var name = SchemaNames.PropertyNameFor(key);
            merged.Remove(name);
            if (value is not null) merged[name] = value.DeepClone();
        }
        return merged;
    }

    /// <summary>The object with new properties and vector, its creation time kept and its update time set.</summary>
    public static StoredObject Copy(StoredObject o, JsonObject properties, float[]? vector, long now) => new()
    {
        Class = o.Class, Id = o.Id, Tenant = o.Tenant, Properties = properties, Vector = vector,
        CreationTimeUnix = o.CreationTimeUnix, LastUpdateTimeUnix = now,
    };

    /// <summary>The same with properties as validation wrote them (stored as they are, parsed only if asked for).</summary>
    public static StoredObject Copy(StoredObject o, byte[] propertiesUtf8, float[]? vector, long now) => new()
    {
        Class = o.Class, Id = o.Id, Tenant = o.Tenant, PropertiesUtf8 = propertiesUtf8, Vector = vector,
        CreationTimeUnix = o.CreationTimeUnix, LastUpdateTimeUnix = now,
    };
}
