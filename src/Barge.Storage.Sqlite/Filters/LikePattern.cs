using System.Text;

namespace Barge.Storage.Sqlite.Filters;

/// <summary>Weaviate Like patterns (<c>*</c>, <c>?</c>, everything else literal) in SQLite GLOB form.</summary>
internal static class LikePattern
{
    /// <summary>SQLite refuses a longer GLOB pattern ("pattern too complex"; SQLITE_MAX_LIKE_PATTERN_LENGTH, fixed when SQLite is built).</summary>
    public const int MaxBytes = 50_000;

    /// <summary>GLOB treats <c>[</c> as a character class; <c>[[]</c> matches it literally. <c>]</c> alone is literal.</summary>
    public static string ToGlob(string pattern)
    {
        var sb = new StringBuilder(pattern.Length);
        foreach (var c in pattern)
            sb.Append(c == '[' ? "[[]" : c.ToString());
        return sb.ToString();
    }
}
