using Barge.Core.Errors;
using Barge.Core.Filters;
using Barge.Core.Objects;
using Barge.Core.Schema;
using Barge.Core.Storage;

namespace Barge.Core.Query;

/// <summary>
/// Keyword (BM25F, <see cref="Bm25F"/>) and hybrid search: rank the candidates the filter admits, page them (offset,
/// limit, then autocut over the page's scores), then read the page's objects. Hybrid runs the keyword search (unless
/// alpha is 1 or the query is empty) and the exact vector search (unless alpha is 0), each to a depth of
/// <see cref="HybridDepth"/> results or offset plus limit if more, and fuses them (<see cref="HybridFusion"/>).
/// </summary>
internal sealed class ScoredSearch(IObjectStore store, QueryService queries, ObjectOptions options)
{
    /// <summary>How many results each hybrid sub-search contributes at least (Weaviate's hybrid default limit).</summary>
    public const int HybridDepth = 100;

    public async Task<SearchResult> RunAsync(SearchQuery query, ClassDefinition cls, FilterNode? filter, CancellationToken ct)
    {
        if (query.Sort.Count > 0) throw new UserInputException(KeywordMessages.SortWithRankedSearch);
        if (query.After is not null) throw new UserInputException(QueryMessages.CursorConflicts([query.Keyword is not null ? "bm25" : "hybrid"]));
        var limit = QueryLimits.Resolve(query.Limit, query.Offset, byThreshold: query.Autocut > 0, options);
        var ranked = query.Keyword is { } keyword
            ? (await Bm25F.Plan(cls, keyword.Query, keyword.Properties, keyword.MinimumTermsMatch)
                .RankAsync(store, query.Tenant, filter, query.ExplainScore, query.Offset + limit, ct).ConfigureAwait(false))
                .Select(s => (s.Id, s.Score, s.Explain)).ToList()
            : await HybridAsync(query, query.Hybrid!, cls, filter, limit, ct).ConfigureAwait(false);
        var page = ranked.Skip(query.Offset).Take(limit).ToList();
        if (query.Autocut is > 0 and var jumps) page = page.Take(Autocut.Keep(page.Select(p => p.Score).ToList(), jumps)).ToList();
        var objects = await queries.ObjectsByIdAsync(cls.Name, query.Tenant, page.Select(p => p.Id).ToList(), query.IncludeVector, ct).ConfigureAwait(false);
        var hits = new List<SearchHit>(page.Count);
        foreach (var (id, score, explain) in page)
        {
            // An object deleted between the ranking and this read is no longer a result.
            if (!objects.TryGetValue(id, out var o)) continue;
            hits.Add(new SearchHit(o) { Score = score, ExplainScore = query.ExplainScore ? explain : null });
        }
        return new SearchResult(hits, null);
    }

    private async Task<List<(string Id, float Score, string Explain)>> HybridAsync(SearchQuery query, HybridSearch hybrid, ClassDefinition cls,
        FilterNode? filter, int limit, CancellationToken ct)
    {
        if (!(hybrid.Alpha is >= 0 and <= 1)) throw new UserInputException(KeywordMessages.BadAlpha(hybrid.Alpha));
        var keyword = hybrid.Alpha < 1 && hybrid.Query.Length > 0;
        var vector = hybrid.Alpha > 0;
        if (vector && hybrid.Vector is not { Length: > 0 }) throw new UserInputException(KeywordMessages.HybridNeedsVector);
        // Both searches are planned (and refuse bad input) before either reads anything.
        var bm25 = keyword ? Bm25F.Plan(cls, hybrid.Query, hybrid.Properties, hybrid.MinimumTermsMatch) : null;
        var near = vector ? await ExactVectorSearch.PlanAsync(store, cls, query.Tenant, new NearVector(hybrid.Vector!), ct).ConfigureAwait(false) : null;
        var depth = Math.Min(Math.Max(query.Offset + limit, HybridDepth), Math.Max(options.QueryMaximumResults, query.Offset + limit));
        var sets = new List<(string Name, double Weight, IReadOnlyList<RankedId> Results)>();
        if (bm25 is not null)
        {
            var scored = await bm25.RankAsync(store, query.Tenant, filter, explain: false, depth, ct).ConfigureAwait(false);
            sets.Add(("keyword", 1 - hybrid.Alpha, scored.Select(s => new RankedId(s.Id, s.Score)).ToList()));
        }
        if (near is not null)
        {
            var nearest = await ExactVectorSearch.NearestAsync(store, new ObjectScan(cls.Name, query.Tenant, filter), near, depth, ct).ConfigureAwait(false);
            sets.Add(("vector", hybrid.Alpha, nearest.Select(n => new RankedId(n.Id, 1 - n.Distance)).ToList()));
        }
        return HybridFusion.Fuse(hybrid.Fusion, sets).Select(f => (f.Id, f.Score, f.Explain)).ToList();
    }
}
