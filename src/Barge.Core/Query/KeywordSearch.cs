namespace Barge.Core.Query;

/// <summary>
/// A keyword (BM25F) search: <see cref="Query"/> over <see cref="Properties"/> (names, each optionally boosted as
/// <c>title^2</c>; empty: every searchable text property of the class).
/// </summary>
/// <param name="MinimumTermsMatch">
/// How many distinct query terms an object must hold to be a result: 1 (Weaviate's default OR operator), or null for
/// all of them (the AND operator).
/// </param>
public sealed record Bm25Search(string Query, IReadOnlyList<string> Properties, int? MinimumTermsMatch = 1);

/// <summary>How a hybrid search merges its keyword and vector results.</summary>
public enum FusionType
{
    /// <summary>Each result set contributes weight / (rank + 60).</summary>
    Ranked,

    /// <summary>Each result set's scores are scaled to [0, 1] and weighted (Weaviate's default since 1.24).</summary>
    RelativeScore,
}

/// <summary>
/// A hybrid search: BM25F over <see cref="Query"/> fused with a vector search for <see cref="Vector"/>.
/// <see cref="Alpha"/> weighs them: 1 is pure vector search, 0 pure keyword search. Barge has no vectorizer, so a
/// hybrid search that needs its vector part (alpha above 0) must be given the vector.
/// </summary>
public sealed record HybridSearch(string Query, double Alpha, float[]? Vector, IReadOnlyList<string> Properties, FusionType Fusion,
    int? MinimumTermsMatch = 1)
{
    public const double DefaultAlpha = 0.75;
}
