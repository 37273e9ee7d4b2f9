using Barge.Core.Filters;
using Barge.Core.Query.References;
using Barge.Core.Storage;

namespace Barge.Core.Query;

/// <summary>
/// One search of a class (gRPC Search, GraphQL Get), free of any wire shape.
/// Without <see cref="Near"/>, objects come in id order (or by <see cref="Sort"/>), paged by <see cref="Offset"/> or by
/// the <see cref="After"/> cursor. With it, they come nearest first, after the filter narrowed the candidates.
/// </summary>
/// <param name="Class">The class name (normalized as Weaviate does: <c>article</c> is <c>Article</c>).</param>
/// <param name="Tenant">The tenant, or null for a class without multi-tenancy.</param>
public sealed record SearchQuery(string Class, string? Tenant = null)
{
    /// <summary>A where filter, as parsed (<see cref="ClauseFilter"/> nodes) or already validated; the engine validates it against the class.</summary>
    public FilterNode? Filter { get; init; }

    /// <summary>
    /// How many results; null for the default (QUERY_DEFAULTS_LIMIT, or up to QUERY_MAXIMUM_RESULTS for a vector search
    /// with a distance or certainty threshold). Offset plus limit may not exceed QUERY_MAXIMUM_RESULTS.
    /// </summary>
    public int? Limit { get; init; }

    public int Offset { get; init; }

    /// <summary>Cursor: the id after which to continue in id order; not with offset, filter, sort or a vector search.</summary>
    public string? After { get; init; }

    /// <summary>Sort keys (not with a vector search, whose order is by distance).</summary>
    public IReadOnlyList<SortField> Sort { get; init; } = [];

    /// <summary>A vector search (nearVector / nearObject), or null.</summary>
    public NearSearch? Near { get; init; }

    /// <summary>A keyword (BM25F) search, or null; results come best first, scored (<see cref="SearchHit.Score"/>).</summary>
    public Bm25Search? Keyword { get; init; }

    /// <summary>A hybrid (keyword and vector) search, or null; results come best first, scored.</summary>
    public HybridSearch? Hybrid { get; init; }

    /// <summary>
    /// Weaviate's autocut: with a vector, keyword or hybrid search, stop the results before the n-th jump in their
    /// scores (distances). Null or 0: off. Without a limit, up to QUERY_MAXIMUM_RESULTS results are considered.
    /// </summary>
    public int? Autocut { get; init; }

    /// <summary>Whether scored hits carry Weaviate's explanation of their score (<see cref="SearchHit.ExplainScore"/>).</summary>
    public bool ExplainScore { get; init; }

    /// <summary>Whether the results carry their objects' vectors (they are left out otherwise).</summary>
    public bool IncludeVector { get; init; }

    /// <summary>
    /// With a filter and neither sort, cursor nor vector search: the matches in the order delete-by-query deletes them
    /// (oldest first, <see cref="IObjectStore.FindMatchesAsync"/>) instead of id order. Weaviate's filtered Get is in
    /// insertion order, and its documents promise that a delete removes objects in the order the same filter's Get
    /// returns them; GraphQL Get keeps that promise.
    /// </summary>
    public bool FilteredInMatchOrder { get; init; }

    /// <summary>Reference properties whose targets each hit carries (<see cref="SearchHit.References"/>, one group per selection, in order).</summary>
    public IReadOnlyList<ReferenceSelection> References { get; init; } = [];
}
