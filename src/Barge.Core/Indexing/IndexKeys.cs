using System.Collections.Concurrent;

namespace Barge.Core.Indexing;

/// <summary>
/// Names of the inverted-index keys (the <c>prop</c> column). A plain property indexes under its own name; the
/// synthetic keys contain parentheses, which property names cannot, so they never collide.
/// </summary>
/// <remarks>
/// The write path asks for the synthetic keys of every property of every object: each name is made once and handed
/// out again (bounded, as <see cref="TermPool"/>), so that an object's entries allocate no key strings and the
/// in-memory segment finds a property's lists by a key it has seen, often the same instance.
/// </remarks>
public static class IndexKeys
{
    /// <summary>Text length in characters (runes), array length, or reference count.</summary>
    public static string Length(string property) => Cached(Lengths, property, static p => $"len({p})");

    /// <summary>1 when the property is absent, null or an empty array, else 0.</summary>
    public static string Null(string property) => Cached(Nulls, property, static p => $"null({p})");

    /// <summary>Latitude of a geoCoordinates property (double).</summary>
    public static string Latitude(string property) => $"geo.lat({property})";

    /// <summary>Longitude of a geoCoordinates property (double).</summary>
    public static string Longitude(string property) => $"geo.lon({property})";

    /// <summary>
    /// The keyword (BM25F) postings of a searchable property within one tenant (none: the class's own). Tenant names
    /// are letters, digits, '-' and '_', so the '/' keeps them apart from the property.
    /// </summary>
    public static string Keyword(string property, string? tenant) =>
        string.IsNullOrEmpty(tenant)
            ? Cached(Keywords, property, static p => $"bm25({p})")
            : Cached(TenantKeywords, (property, tenant), static k => $"bm25({k.Item1})/{k.Item2}");

    private const int Capacity = 10_000;
    private static readonly ConcurrentDictionary<string, string> Lengths = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string> Nulls = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string> Keywords = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<(string, string), string> TenantKeywords = new();

    private static string Cached<TKey>(ConcurrentDictionary<TKey, string> names, TKey key, Func<TKey, string> make) where TKey : notnull
    {
        if (names.TryGetValue(key, out var name)) return name;
        name = make(key);
        // Past the bound (a schema with that many properties, or that many tenants), names are made each time.
        if (names.Count < Capacity) names.TryAdd(key, name);
        return name;
    }
}
