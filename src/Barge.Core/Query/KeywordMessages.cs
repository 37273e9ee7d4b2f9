namespace Barge.Core.Query;

/// <summary>The texts of keyword, hybrid and autocut errors, Weaviate's where Weaviate has one.</summary>
public static class KeywordMessages
{
    /// <summary>Weaviate's text for a bm25 property that is unknown, not text, or not <c>indexSearchable</c>.</summary>
    public static string NotSearchable(string property) =>
        $"Searching by property '{property}' requires inverted index. Is `indexSearchable` option of property '{property}' enabled? Set it to `true` or leave empty";

    public static string NoSearchableProperties(string cls) =>
        $"bm25: class {cls} has no searchable text property (text or text[] with indexSearchable) to search";

    public static string BadBoost(string property) => $"bm25: invalid boost in '{property}': expected name^number with a number of at least 0";

    public static string BadAlpha(double alpha) => $"hybrid: alpha must be between 0 and 1, got {alpha.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public const string HybridNeedsVector =
        "hybrid: no vector given and Barge has no vectorizer module to compute one from the query; pass a vector, or use alpha 0 for a keyword-only search";

    public const string MoreThanOneSearch = "found more than one search parameter: only one of nearVector, nearObject, bm25 and hybrid may be set";

    public const string SortWithRankedSearch = "sort cannot be combined with bm25 or hybrid search: results are ordered by score";

    public const string NegativeAutocut = "autocut must not be negative";

    public const string AutocutNeedsSearch = "autocut can only be used with a ranked search: nearVector, nearObject, bm25 or hybrid";

    public static string BadMinimumMatch(int minimum) => $"bm25: minimum_or_tokens_match must be at least 1, got {minimum}";
}
