using Barge.Core.Errors;
using Barge.Core.Filters;
using Barge.Core.Objects;
using Barge.Core.Query.Aggregation;
using Barge.Core.Query.References;
using Barge.Core.Schema;
using Barge.Core.Storage;

namespace Barge.Core.Query;

/// <summary>
/// The query engine every read dialect maps onto (gRPC Search and Aggregate, GraphQL Get and Aggregate): filters,
/// paging, cursor, sort, exact vector search, references in results and aggregations, over the store's filter
/// compilers and scans. Failures the caller caused are <see cref="UserInputException"/> (a bad filter:
/// <see cref="InvalidFilterException"/>), an unknown class <see cref="NotFoundException"/>; a filter Weaviate only
/// refuses at search time is a <see cref="StoreException"/>.
/// </summary>
public sealed class QueryService(IObjectStore store, SchemaService schema, ObjectOptions options)
{
    public async Task<SearchResult> SearchAsync(SearchQuery query, CancellationToken ct = default)
    {
        var cls = await ClassAsync(query.Class, ct).ConfigureAwait(false);
        var filter = Validate(query.Filter, cls);
        // Checked before anything is read: a bad selection is refused even when nothing matches.
        var references = ReferencePlan.For(cls, query.References, schema.Find);
        var searches = (query.Near is null ? 0 : 1) + (query.Keyword is null ? 0 : 1) + (query.Hybrid is null ? 0 : 1);
        if (searches > 1) throw new UserInputException(KeywordMessages.MoreThanOneSearch);
        if (query.Autocut < 0) throw new UserInputException(KeywordMessages.NegativeAutocut);
        if (query.Autocut > 0 && searches == 0) throw new UserInputException(KeywordMessages.AutocutNeedsSearch);
        var result = query.Keyword is not null || query.Hybrid is not null
            ? await new ScoredSearch(store, this, options).RunAsync(query, cls, filter, ct).ConfigureAwait(false)
            : query.Near is null
                ? await ListAsync(query, cls, filter, ct).ConfigureAwait(false)
                : await NearAsync(query, cls, filter, query.Near, ct).ConfigureAwait(false);
        if (references.Count == 0 || result.Hits.Count == 0) return result;
        var groups = await new ReferenceResolver(store).ResolveAsync(result.Hits.Select(h => h.Object).ToList(), references, ct).ConfigureAwait(false);
        return result with { Hits = result.Hits.Select((h, i) => h with { References = groups[i] }).ToList() };
    }

    public Task<AggregateResult> AggregateAsync(AggregateQuery query, CancellationToken ct = default) =>
        new AggregateRunner(store, this, options).RunAsync(query, ct);

    /// <summary>
    /// Filter, sort and paging without a vector: the store's listing does it all. A cursor page is the store's index
    /// seek from the cursor (see <see cref="ListQuery"/>), and nothing here counts the class, so paging through a class
    /// with <see cref="SearchQuery.After"/> costs each page what it returns.
    /// </summary>
    private async Task<SearchResult> ListAsync(SearchQuery query, ClassDefinition cls, FilterNode? filter, CancellationToken ct)
    {
        var after = query.After;
        if (after is not null)
        {
            var conflicts = new List<string>();
            if (query.Offset > 0) conflicts.Add("offset");
            if (filter is not null) conflicts.Add("where");
            if (query.Sort.Count > 0) conflicts.Add("sort");
            if (conflicts.Count > 0) throw new UserInputException(QueryMessages.CursorConflicts(conflicts));
            after = ObjectIds.Canonical(after) ?? throw new UserInputException(QueryMessages.BadCursor(after));
        }
        var limit = QueryLimits.Resolve(query.Limit, query.Offset, byThreshold: false, options);
        if (query.FilteredInMatchOrder && filter is not null && after is null && query.Sort.Count == 0)
            return await InMatchOrderAsync(query, cls, filter, limit, ct).ConfigureAwait(false);
        var list = new ListQuery(cls.Name, query.Tenant, limit, query.Offset, after, query.Sort, filter)
        {
            CountTotal = false, WithVectors = query.IncludeVector,
        };
        var page = await store.ListAsync(list, ct).ConfigureAwait(false);
        return new SearchResult(page.Objects.Select(o => new SearchHit(o)).ToList(), null);
    }

    /// <summary>
    /// The page of matches in delete-by-query's order: the store's matches in that order (the same call delete-by-query
    /// makes), then their objects. Offset plus limit is within QUERY_MAXIMUM_RESULTS, so the ids stay bounded.
    /// </summary>
    private async Task<SearchResult> InMatchOrderAsync(SearchQuery query, ClassDefinition cls, FilterNode filter, int limit, CancellationToken ct)
    {
        if (limit == 0) return new SearchResult([], null);
        var matches = await store.FindMatchesAsync(cls.Name, query.Tenant, filter, query.Offset + limit, ct).ConfigureAwait(false);
        var ids = matches.Ids.Skip(query.Offset).ToList();
        var objects = await ObjectsByIdAsync(cls.Name, query.Tenant, ids, query.IncludeVector, ct).ConfigureAwait(false);
        // An object deleted between the two reads is no longer a result.
        return new SearchResult(ids.Where(objects.ContainsKey).Select(id => new SearchHit(objects[id])).ToList(), null);
    }

    /// <summary>Exact vector search: the nearest ids from the store's vector scan, then their objects.</summary>
    private async Task<SearchResult> NearAsync(SearchQuery query, ClassDefinition cls, FilterNode? filter, NearSearch near, CancellationToken ct)
    {
        if (query.Sort.Count > 0) throw new UserInputException(QueryMessages.SortWithVectorSearch);
        if (query.After is not null) throw new UserInputException(QueryMessages.CursorConflicts([Near(near)]));
        var plan = await ExactVectorSearch.PlanAsync(store, cls, query.Tenant, near, ct).ConfigureAwait(false);
        var limit = QueryLimits.Resolve(query.Limit, query.Offset, plan.MaxDistance is not null || query.Autocut > 0, options);
        var nearest = await ExactVectorSearch.NearestAsync(store, new ObjectScan(cls.Name, query.Tenant, filter), plan, query.Offset + limit, ct).ConfigureAwait(false);
        var page = nearest.Skip(query.Offset).ToList();
        if (query.Autocut is > 0 and var jumps) page = page.Take(Autocut.Keep(page.Select(n => n.Distance).ToList(), jumps)).ToList();
        var objects = await ObjectsByIdAsync(cls.Name, query.Tenant, page.Select(n => n.Id).ToList(), query.IncludeVector, ct).ConfigureAwait(false);
        var hits = new List<SearchHit>(page.Count);
        foreach (var n in page)
        {
            // An object deleted between the scan and this read is no longer a result.
            if (!objects.TryGetValue(n.Id, out var o)) continue;
            var certainty = plan.Metric == DistanceMetric.Cosine ? DistanceMetrics.CertaintyOf(n.Distance) : (double?)null;
            hits.Add(new SearchHit(o, n.Distance, certainty));
        }
        return new SearchResult(hits, plan.Metric);
    }

    internal async Task<ClassDefinition> ClassAsync(string name, CancellationToken ct)
    {
        var className = SchemaNames.ClassNameFor(name);
        return await schema.FindAsync(className, ct).ConfigureAwait(false) ?? throw new NotFoundException(QueryMessages.NoSuchClass(className));
    }

    /// <summary>The filter validated against the class (validated nodes pass unchanged); null stays null.</summary>
    internal FilterNode? Validate(FilterNode? filter, ClassDefinition cls)
    {
        if (filter is null) return null;
        var error = FilterValidator.Validate(filter, cls, schema.Find, out var validated, options.FilterLimits);
        return error is null ? validated : throw new InvalidFilterException(error);
    }

    /// <summary>The objects with these ids, by id (ids of objects deleted meanwhile are missing).</summary>
    internal async Task<Dictionary<string, StoredObject>> ObjectsByIdAsync(string cls, string? tenant, IReadOnlyList<string> ids, bool withVectors, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var byId = new ColumnCondition(ObjectColumn.Id, Comparison.In, ids.Cast<object>().ToList());
        var query = new ListQuery(cls, tenant, ids.Count, 0, null, [], byId) { CountTotal = false, WithVectors = withVectors };
        var page = await store.ListAsync(query, ct).ConfigureAwait(false);
        return page.Objects.ToDictionary(o => o.Id, StringComparer.Ordinal);
    }

    private static string Near(NearSearch near) => near is NearObject ? "nearObject" : "nearVector";
}

/// <summary>A where filter that does not fit the class; the message is the validator's, without a dialect's prefix.</summary>
public sealed class InvalidFilterException(string message) : UserInputException(message);
