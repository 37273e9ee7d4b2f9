using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Schema;
using Barge.Core.Objects;

namespace Barge.Core.Indexing;

/// <summary>
/// Computes an object's inverted-index entries from its normalized properties (see <see cref="IndexEntry"/> and
/// <see cref="IndexKeys"/> for the conventions). Values that do not have the schema's shape are skipped rather than
/// rejected: validation happened before, and the index must never make a write fail.
/// </summary>
public static class IndexEntries
{
    public static IReadOnlyList<IndexEntry> For(ClassDefinition cls, JsonObject normalizedProperties)
    {
        // On the write path for every object: class flags read once, and nothing is allocated for a class whose
        // properties are not indexed at all (a schema with every index off is the fastest way to bulk-load).
        List<IndexEntry>? entries = null;
        var indexLength = cls.IndexPropertyLength;
        var indexNull = cls.IndexNullState;

        var properties = cls.Properties;
        for (var p = 0; p < properties.Count; p++) // indexed: foreach over the interface would allocate an enumerator per object
        {
            var prop = properties[p];
            var type = prop.DataType;
            var indexesLength = IndexesLength(prop, indexLength);
            if (!prop.IndexFilterable && !indexesLength && !indexNull) continue;
            entries ??= new List<IndexEntry>(48);
            var node = normalizedProperties[prop.Name];
            var items = Items(node, type.IsArray);

            if (prop.IndexFilterable)
            {
                // Entries are distinct per object. Only one property's entries can repeat each other (the keys differ
                // between properties), and only when it gives several values: a text's words or an array's elements.
                var first = entries.Count;
                foreach (var item in items) AddValues(entries, prop, item);
                if (entries.Count - first > 1) RemoveRepeats(entries, first);
            }

            // Length: text length, array length or reference count; absent counts as 0 so len(p)=0 finds it.
            if (indexesLength)
                entries.Add(new IndexEntry(IndexKeys.Length(prop.Name), Length(type, node, items)));

            if (indexNull)
                entries.Add(new IndexEntry(IndexKeys.Null(prop.Name), items.Count == 0 ? One : Zero));
        }
        return (IReadOnlyList<IndexEntry>?)entries ?? [];
    }

    // Booleans and null states are 1 or 0 in every object: boxed once, not per entry.
    private static readonly object One = 1L;
    private static readonly object Zero = 0L;

    [ThreadStatic] private static HashSet<IndexEntry>? _seen;

    /// <summary>Drops the entries from <paramref name="first"/> on that repeat an earlier one, keeping the order.</summary>
    private static void RemoveRepeats(List<IndexEntry> entries, int first)
    {
        var seen = _seen ??= new HashSet<IndexEntry>(64);
        var kept = first;
        for (var i = first; i < entries.Count; i++)
            if (seen.Add(entries[i])) entries[kept++] = entries[i];
        entries.RemoveRange(kept, entries.Count - kept);
        // Emptied after use so that it holds no object's terms; dropped after a huge text so that it does not stay huge.
        if (seen.Count > 1024) _seen = null;
        else seen.Clear();
    }

    /// <summary>
    /// The entries of a stored object. Its properties are asked for as a tree only when the class indexes anything:
    /// an object fresh from validation holds them as bytes, and a class without indexes never needs them parsed.
    /// </summary>
    public static IReadOnlyList<IndexEntry> For(ClassDefinition cls, StoredObject o) =>
        AnyFor(cls) ? For(cls, o.Properties) : [];

    /// <summary>Whether an object of the class has any index entry at all.</summary>
    private static bool AnyFor(ClassDefinition cls)
    {
        var properties = cls.Properties;
        if (cls.IndexNullState) return properties.Count > 0;
        var indexPropertyLength = cls.IndexPropertyLength;
        for (var p = 0; p < properties.Count; p++) // indexed: foreach over the interface would allocate an enumerator per object
            if (properties[p].IndexFilterable || IndexesLength(properties[p], indexPropertyLength)) return true;
        return false;
    }

    /// <summary>References always index their count (Weaviate filters on reference count without a setting).</summary>
    private static bool IndexesLength(PropertyDefinition prop, bool indexPropertyLength) =>
        prop.DataType.IsReference || (indexPropertyLength && HasLength(prop.DataType));

    /// <summary>Geo, phone, blob and nested objects have no length (Weaviate refuses len() on them).</summary>
    private static bool HasLength(DataType type) =>
        type.IsArray || type.Primitive == PrimitiveType.Text;

    private static long Length(DataType type, JsonNode? node, List<JsonNode> items)
    {
        if (type.IsArray) return items.Count;
        return node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>().EnumerateRunes().Count() : 0;
    }

    /// <summary>The non-null elements (one for a scalar); empty for absent, null or an empty array.</summary>
    private static List<JsonNode> Items(JsonNode? node, bool isArray)
    {
        if (node is null) return [];
        if (!isArray) return [node];
        if (node is not JsonArray array) return [];
        var items = new List<JsonNode>(array.Count);
        foreach (var n in array)
            if (n is not null) items.Add(n);
        return items;
    }

    private static void AddValues(List<IndexEntry> into, PropertyDefinition prop, JsonNode item)
    {
        var kind = item.GetValueKind();
        switch (prop.DataType.Primitive)
        {
            case PrimitiveType.Text when kind == JsonValueKind.String:
                Tokenizer.AddTerms(prop.Tokenization, item.GetValue<string>(), prop.Name, into);
                break;
            case PrimitiveType.Int when kind == JsonValueKind.Number:
                into.Add(new IndexEntry(prop.Name, AsLong(item)));
                break;
            case PrimitiveType.Number when kind == JsonValueKind.Number:
                into.Add(new IndexEntry(prop.Name, AsDouble(item)));
                break;
            case PrimitiveType.Boolean when kind is JsonValueKind.True or JsonValueKind.False:
                into.Add(new IndexEntry(prop.Name, item.GetValue<bool>() ? One : Zero));
                break;
            case PrimitiveType.Date when kind == JsonValueKind.String && IndexValues.TryParseDate(item.GetValue<string>(), out var ms):
                into.Add(new IndexEntry(prop.Name, ms));
                break;
            case PrimitiveType.Uuid when kind == JsonValueKind.String:
                into.Add(new IndexEntry(prop.Name, item.GetValue<string>().ToLowerInvariant()));
                break;
            case PrimitiveType.Reference when item is JsonObject reference
                                           && reference["beacon"]?.GetValueKind() == JsonValueKind.String
                                           && IndexValues.BeaconKey(reference["beacon"]!.GetValue<string>()) is { } key:
                into.Add(new IndexEntry(prop.Name, key));
                break;
            case PrimitiveType.GeoCoordinates when item is JsonObject geo
                                                && geo["latitude"]?.GetValueKind() == JsonValueKind.Number
                                                && geo["longitude"]?.GetValueKind() == JsonValueKind.Number:
                into.Add(new IndexEntry(IndexKeys.Latitude(prop.Name), AsDouble(geo["latitude"]!)));
                into.Add(new IndexEntry(IndexKeys.Longitude(prop.Name), AsDouble(geo["longitude"]!)));
                break;
        }
    }

    /// <summary>
    /// A number node's value, whether parsed from JSON or built in code (JsonValue.Create of a long or double):
    /// read directly, since serializing each number to an element was a measurable cost on the write path.
    /// </summary>
    private static long AsLong(JsonNode node)
    {
        var v = node.AsValue();
        if (v.TryGetValue<long>(out var l)) return l;
        if (v.TryGetValue<int>(out var i)) return i;
        return (long)AsDouble(node);
    }

    private static double AsDouble(JsonNode node)
    {
        var v = node.AsValue();
        if (v.TryGetValue<double>(out var d)) return d;
        if (v.TryGetValue<long>(out var l)) return l;
        if (v.TryGetValue<int>(out var i)) return i;
        if (v.TryGetValue<float>(out var f)) return f;
        if (v.TryGetValue<decimal>(out var m)) return (double)m;
        return v.TryGetValue<JsonElement>(out var e) ? e.GetDouble() : 0;
    }
}
