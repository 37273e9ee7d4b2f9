namespace Barge.Core.Indexing;

/// <summary>
/// Names of the inverted-index keys (the <c>prop</c> column). A plain property indexes under its own name; the
/// synthetic keys contain parentheses, which property names cannot, so they never collide.
/// </summary>
public static class IndexKeys
{
    /// <summary>Text length in characters (runes), array length, or reference count.</summary>
    public static string Length(string property) => $"len({property})";

    /// <summary>1 when the property is absent, null or an empty array, else 0.</summary>
    public static string Null(string property) => $"null({property})";

    /// <summary>Latitude of a geoCoordinates property (double).</summary>
    public static string Latitude(string property) => $"geo.lat({property})";

    /// <summary>Longitude of a geoCoordinates property (double).</summary>
    public static string Longitude(string property) => $"geo.lon({property})";

    /// <summary>
    /// The keyword (BM25F) postings of a searchable property within one tenant (none: the class's own). Tenant names
    /// are letters, digits, '-' and '_', so the '/' keeps them apart from the property.
    /// </summary>
    public static string Keyword(string property, string? tenant) =>
        string.IsNullOrEmpty(tenant) ? $"bm25({property})" : $"bm25({property})/{tenant}";
}
