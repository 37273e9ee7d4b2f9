using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Objects;
using Barge.Core.Schema;

namespace Barge.Core.Indexing;

/// <summary>Which of an object's index contents to compute.</summary>
[Flags]
public enum IndexKinds
{
    /// <summary>The inverted index's entries (<see cref="IndexEntries"/>).</summary>
    Entries = 1,
    /// <summary>The keyword (BM25F) index's fields (<see cref="KeywordFields"/>).</summary>
    Keywords = 2,
    All = Entries | Keywords,
}

/// <summary>
/// What the indexes hold of one object: its inverted-index entries (see <see cref="IndexEntry"/> and
/// <see cref="IndexKeys"/> for the conventions) and its keyword fields (see <see cref="KeywordField"/>).
/// </summary>
public sealed record ObjectIndex(IReadOnlyList<IndexEntry> Entries, IReadOnlyList<KeywordField> Keywords)
{
    public static readonly ObjectIndex None = new([], []);

    /// <summary>
    /// The one rule for what an object puts in the indexes, read from its normalized properties as an element. Every
    /// caller comes here, whether it holds the properties as bytes (the write path: no tree is built), as text (the
    /// store's start-up and backfill) or as a tree (merges, restores: converted to an element first), so that the
    /// entries written can never differ from those recomputed later to remove them.
    /// </summary>
    /// <remarks>
    /// A text value is tokenized once for both indexes: the filterable entries are its distinct terms and the keyword
    /// field counts the same terms (both use the property's tokenization, <c>word</c> when unset). Values that do not
    /// have the schema's shape are skipped rather than rejected: validation happened before, and the index must never
    /// make a write fail.
    /// </remarks>
    public static ObjectIndex Of(ClassDefinition cls, JsonElement properties, IndexKinds parts = IndexKinds.All)
    {
        // On the write path for every object: class flags read once, and nothing is allocated for a class whose
        // properties are not indexed at all (a schema with every index off is the fastest way to bulk-load).
        List<IndexEntry>? entries = null;
        List<KeywordField>? keywords = null;
        var wantEntries = (parts & IndexKinds.Entries) != 0;
        var wantKeywords = (parts & IndexKinds.Keywords) != 0;
        var indexLength = cls.IndexPropertyLength;
        var indexNull = wantEntries && cls.IndexNullState;
        var isObject = properties.ValueKind == JsonValueKind.Object;

        var defined = cls.Properties;
        for (var p = 0; p < defined.Count; p++) // indexed: foreach over the interface would allocate an enumerator per object
        {
            var prop = defined[p];
            var type = prop.DataType;
            var filterable = wantEntries && prop.IndexFilterable;
            var indexesLength = wantEntries && IndexesLength(prop, indexLength);
            var searchable = wantKeywords && KeywordFields.Searchable(prop);
            if (!filterable && !indexesLength && !indexNull && !searchable) continue;
            if (filterable || indexesLength || indexNull) entries ??= Scratch();

            // Absent and null are the same: no value.
            var value = isObject && properties.TryGetProperty(prop.Name, out var v) && v.ValueKind != JsonValueKind.Null ? v : default;
            var kind = value.ValueKind;
            // The values the entries see: a scalar property's value, an array property's non-null elements.
            var items = type.IsArray ? kind == JsonValueKind.Array ? NonNullCount(value) : 0 : kind == JsonValueKind.Undefined ? 0 : 1;
            var text = kind == JsonValueKind.String && type.Primitive == PrimitiveType.Text ? value.GetString()! : null;

            if (type.Primitive == PrimitiveType.Text && (filterable || searchable))
            {
                var terms = CountTerms(prop, value, text);
                // A scalar property's terms come from a string, an array property's from an array: the entries take
                // them only in that shape, the keyword field from either (the shapes validation lets through).
                if (filterable && (type.IsArray ? kind == JsonValueKind.Array : text is not null))
                    foreach (var term in terms.Keys) entries!.Add(new IndexEntry(prop.Name, term));
                if (searchable && kind is JsonValueKind.String or JsonValueKind.Array)
                    (keywords ??= []).Add(FieldOf(prop.Name, terms));
            }
            else if (filterable && items > 0)
            {
                // Entries are distinct per object. Only one property's entries can repeat each other (the keys differ
                // between properties), and only when it gives several values: an array's elements.
                var first = entries!.Count;
                if (type.IsArray)
                {
                    foreach (var item in value.EnumerateArray())
                        if (item.ValueKind != JsonValueKind.Null) AddValues(entries, prop, item);
                }
                else AddValues(entries, prop, value);
                if (entries.Count - first > 1) RemoveRepeats(entries, first);
            }

            // Length: text length, array length or reference count; absent counts as 0 so len(p)=0 finds it.
            if (indexesLength)
                entries!.Add(new IndexEntry(IndexKeys.Length(prop.Name), type.IsArray ? items : kind == JsonValueKind.String ? Runes(text ?? value.GetString()!) : 0L));

            if (indexNull)
                entries!.Add(new IndexEntry(IndexKeys.Null(prop.Name), items == 0 ? One : Zero));
        }
        if (entries is null && keywords is null) return None;
        // The entries were gathered in this thread's scratch list and leave as an array of their exact length: one
        // allocation per object, where a list of a guessed capacity grew (and copied) once or twice for most objects.
        var kept = entries is null ? [] : entries.ToArray();
        if (entries is not null) ReleaseScratch(entries);
        return new ObjectIndex(kept, (IReadOnlyList<KeywordField>?)keywords ?? []);
    }

    /// <summary>The same from normalized properties as UTF-8 JSON (what validation wrote), read without building a tree.</summary>
    public static ObjectIndex Of(ClassDefinition cls, ReadOnlyMemory<byte> utf8, IndexKinds parts = IndexKinds.All)
    {
        if (!AnyFor(cls, parts)) return None;
        using var document = JsonDocument.Parse(utf8);
        return Of(cls, document.RootElement, parts);
    }

    /// <summary>The same from properties as stored text.</summary>
    public static ObjectIndex Of(ClassDefinition cls, string json, IndexKinds parts = IndexKinds.All)
    {
        if (!AnyFor(cls, parts)) return None;
        using var document = JsonDocument.Parse(json);
        return Of(cls, document.RootElement, parts);
    }

    /// <summary>The same from properties built or parsed as a tree.</summary>
    public static ObjectIndex Of(ClassDefinition cls, JsonObject properties, IndexKinds parts = IndexKinds.All) =>
        AnyFor(cls, parts) ? Of(cls, JsonElements.From(properties)!.Value, parts) : None;

    /// <summary>
    /// The same for a stored object: from the bytes validation wrote when it holds them, else from its tree. The
    /// properties are not touched at all when the class indexes nothing.
    /// </summary>
    public static ObjectIndex Of(ClassDefinition cls, StoredObject o, IndexKinds parts = IndexKinds.All)
    {
        if (!AnyFor(cls, parts)) return None;
        return o.PropertiesUtf8 is { } utf8 ? Of(cls, utf8.AsMemory(), parts) : Of(cls, o.Properties, parts);
    }

    /// <summary>Whether an object of the class has anything in the indexes asked for.</summary>
    public static bool AnyFor(ClassDefinition cls, IndexKinds parts = IndexKinds.All)
    {
        var properties = cls.Properties;
        if ((parts & IndexKinds.Entries) != 0 && cls.IndexNullState && properties.Count > 0) return true;
        var indexPropertyLength = cls.IndexPropertyLength;
        for (var p = 0; p < properties.Count; p++) // indexed: foreach over the interface would allocate an enumerator per object
        {
            var prop = properties[p];
            if ((parts & IndexKinds.Entries) != 0 && (prop.IndexFilterable || IndexesLength(prop, indexPropertyLength))) return true;
            if ((parts & IndexKinds.Keywords) != 0 && KeywordFields.Searchable(prop)) return true;
        }
        return false;
    }

    // Booleans and null states are 1 or 0 in every object: boxed once, not per entry.
    private static readonly object One = 1L;
    private static readonly object Zero = 0L;

    [ThreadStatic] private static HashSet<IndexEntry>? _seen;
    [ThreadStatic] private static List<IndexEntry>? _scratch;

    private static List<IndexEntry> Scratch()
    {
        var scratch = _scratch ?? new List<IndexEntry>(128);
        // Taken while in use, so that a nested call on the same thread (none today) would get its own list.
        _scratch = null;
        return scratch;
    }

    private static void ReleaseScratch(List<IndexEntry> scratch)
    {
        // Emptied so that it holds no object's values; dropped after a huge object so that it does not stay huge.
        scratch.Clear();
        if (scratch.Capacity <= 4096) _scratch = scratch;
    }
    [ThreadStatic] private static Dictionary<string, int>? _terms;
    [ThreadStatic] private static List<string>? _tokens;

    /// <summary>
    /// The terms of a text property's value (a string, or an array's strings one after another) with their counts, in
    /// the order of first occurrence, and the number of tokens. Valid until the next call on this thread.
    /// </summary>
    private static TermCounts CountTerms(PropertyDefinition prop, JsonElement value, string? text)
    {
        var terms = _terms ??= new Dictionary<string, int>(64, StringComparer.Ordinal);
        var tokens = _tokens ??= new List<string>(64);
        // Emptied before use rather than after, so that the counts stay readable until the caller is done; dropped
        // once a huge text made them huge.
        if (terms.Count > 1024) _terms = terms = new Dictionary<string, int>(64, StringComparer.Ordinal);
        else terms.Clear();
        var tokenization = KeywordFields.TokenizationOf(prop);
        var length = 0;
        if (text is not null) length += Count(tokenization, text, tokens, terms);
        else if (value.ValueKind == JsonValueKind.Array)
            foreach (var item in value.EnumerateArray())
                if (item.ValueKind == JsonValueKind.String) length += Count(tokenization, item.GetString()!, tokens, terms);
        if (tokens.Capacity > 4096) _tokens = null;
        return new TermCounts(terms, length);
    }

    private static int Count(string tokenization, string text, List<string> tokens, Dictionary<string, int> terms)
    {
        tokens.Clear();
        Tokenizer.AddTerms(tokenization, text, tokens);
        foreach (var token in tokens) CollectionsMarshal.GetValueRefOrAddDefault(terms, token, out _)++;
        return tokens.Count;
    }

    private readonly record struct TermCounts(Dictionary<string, int> Terms, int Length)
    {
        public Dictionary<string, int>.KeyCollection Keys => Terms.Keys;
    }

    private static KeywordField FieldOf(string property, TermCounts counts)
    {
        var terms = new KeywordTerm[counts.Terms.Count];
        var i = 0;
        foreach (var (term, frequency) in counts.Terms) terms[i++] = new KeywordTerm(term, frequency);
        return new KeywordField(property, counts.Length, terms);
    }

    /// <summary>Drops the entries from <paramref name="first"/> on that repeat an earlier one, keeping the order.</summary>
    private static void RemoveRepeats(List<IndexEntry> entries, int first)
    {
        var seen = _seen ??= new HashSet<IndexEntry>(64);
        var kept = first;
        for (var i = first; i < entries.Count; i++)
            if (seen.Add(entries[i])) entries[kept++] = entries[i];
        entries.RemoveRange(kept, entries.Count - kept);
        // Emptied after use so that it holds no object's values; dropped after a huge array so that it does not stay huge.
        if (seen.Count > 1024) _seen = null;
        else seen.Clear();
    }

    /// <summary>References always index their count (Weaviate filters on reference count without a setting).</summary>
    private static bool IndexesLength(PropertyDefinition prop, bool indexPropertyLength) =>
        prop.DataType.IsReference || (indexPropertyLength && HasLength(prop.DataType));

    /// <summary>Geo, phone, blob and nested objects have no length (Weaviate refuses len() on them).</summary>
    private static bool HasLength(DataType type) =>
        type.IsArray || type.Primitive == PrimitiveType.Text;

    private static int NonNullCount(JsonElement array)
    {
        var count = 0;
        foreach (var item in array.EnumerateArray())
            if (item.ValueKind != JsonValueKind.Null) count++;
        return count;
    }

    /// <summary>A text's length in characters as Weaviate counts them (runes, not UTF-16 units).</summary>
    private static long Runes(string text)
    {
        var count = 0L;
        foreach (var _ in text.EnumerateRunes()) count++;
        return count;
    }

    /// <summary>The entries of one non-text value (a scalar property's value, or one element of an array property).</summary>
    private static void AddValues(List<IndexEntry> into, PropertyDefinition prop, JsonElement item)
    {
        var kind = item.ValueKind;
        switch (prop.DataType.Primitive)
        {
            case PrimitiveType.Int when kind == JsonValueKind.Number:
                into.Add(new IndexEntry(prop.Name, item.TryGetInt64(out var l) ? l : (long)AsDouble(item)));
                break;
            case PrimitiveType.Number when kind == JsonValueKind.Number:
                into.Add(new IndexEntry(prop.Name, AsDouble(item)));
                break;
            case PrimitiveType.Boolean when kind is JsonValueKind.True or JsonValueKind.False:
                into.Add(new IndexEntry(prop.Name, kind == JsonValueKind.True ? One : Zero));
                break;
            case PrimitiveType.Date when kind == JsonValueKind.String && IndexValues.TryParseDate(item.GetString()!, out var ms):
                into.Add(new IndexEntry(prop.Name, ms));
                break;
            case PrimitiveType.Uuid when kind == JsonValueKind.String:
                into.Add(new IndexEntry(prop.Name, item.GetString()!.ToLowerInvariant()));
                break;
            case PrimitiveType.Reference when kind == JsonValueKind.Object
                                           && item.TryGetProperty("beacon"u8, out var beacon) && beacon.ValueKind == JsonValueKind.String
                                           && IndexValues.BeaconKey(beacon.GetString()!) is { } key:
                into.Add(new IndexEntry(prop.Name, key));
                break;
            case PrimitiveType.GeoCoordinates when kind == JsonValueKind.Object
                                                && item.TryGetProperty("latitude"u8, out var latitude) && latitude.ValueKind == JsonValueKind.Number
                                                && item.TryGetProperty("longitude"u8, out var longitude) && longitude.ValueKind == JsonValueKind.Number:
                into.Add(new IndexEntry(IndexKeys.Latitude(prop.Name), AsDouble(latitude)));
                into.Add(new IndexEntry(IndexKeys.Longitude(prop.Name), AsDouble(longitude)));
                break;
        }
    }

    private static double AsDouble(JsonElement number) => number.TryGetDouble(out var d) ? d : 0;
}
