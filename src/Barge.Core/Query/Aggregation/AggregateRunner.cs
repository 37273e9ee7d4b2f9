using Barge.Core.Errors;
using Barge.Core.Filters;
using Barge.Core.Objects;
using Barge.Core.Schema;
using Barge.Core.Storage;

namespace Barge.Core.Query.Aggregation;

/// <summary>
/// Runs one <see cref="AggregateQuery"/>: chooses the objects (filter, or the nearest of them), streams them from the
/// store once and feeds each requested property's aggregator (per group when grouping). Memory follows the distinct
/// values aggregated and the groups, not the number of objects.
/// </summary>
internal sealed class AggregateRunner(IObjectStore store, QueryService service, ObjectOptions options)
{
    /// <summary>Weaviate's number of groups when the query names none.</summary>
    private const int DefaultGroupLimit = 100;

    public async Task<AggregateResult> RunAsync(AggregateQuery query, CancellationToken ct)
    {
        var cls = await service.ClassAsync(query.Class, ct).ConfigureAwait(false);
        var filter = service.Validate(query.Filter, cls);
        var properties = query.Properties.Select(p => (Definition: Property(cls, p.Name), Request: p)).ToList();
        // Creating them once checks every type before anything is read.
        var aggregators = properties.Select(p => PropertyAggregator.For(p.Definition, p.Request)).ToList();
        var groupBy = query.GroupBy is { } groupName ? Property(cls, groupName) : null;
        if (groupBy is not null) GroupKeys.Check(groupBy);
        if (query.GroupLimit < 0) throw new UserInputException(QueryMessages.NegativeLimit);

        var scan = await ScanAsync(query, cls, filter, ct).ConfigureAwait(false);
        if (groupBy is null && properties.Count == 0)
        {
            var counted = scan is null ? 0 : (await store.ListAsync(new ListQuery(cls.Name, query.Tenant, 0, 0, null, [], scan.Filter), ct).ConfigureAwait(false)).TotalResults ?? 0;
            return new AggregateResult(counted, [], null);
        }

        long total = 0;
        var groups = new Dictionary<object, Group>();
        if (scan is not null)
        {
            await foreach (var o in store.ScanObjectsAsync(scan, ct).ConfigureAwait(false))
            {
                total++;
                if (groupBy is null)
                {
                    Feed(aggregators, properties, o);
                    continue;
                }
                foreach (var key in GroupKeys.Of(groupBy, o.Properties[groupBy.Name]))
                {
                    if (!groups.TryGetValue(key, out var group))
                        groups[key] = group = new Group(properties.Select(p => PropertyAggregator.For(p.Definition, p.Request)).ToList());
                    group.Count++;
                    Feed(group.Aggregators, properties, o);
                }
            }
        }
        if (groupBy is null) return new AggregateResult(total, aggregators.Select(a => a.Result()).ToList(), null);

        var top = groups
            .OrderByDescending(g => g.Value.Count).ThenBy(g => g.Key, Comparer<object>.Create(GroupKeys.Compare))
            .Take(query.GroupLimit ?? DefaultGroupLimit)
            .Select(g => new AggregateGroup(groupBy.Name, g.Key, g.Value.Count, g.Value.Aggregators.Select(a => a.Result()).ToList()))
            .ToList();
        return new AggregateResult(total, [], top);
    }

    /// <summary>
    /// The objects to aggregate: those the filter admits, or with a near or hybrid search the best of them (by id, as
    /// the search already applied the filter). Null when the search found nothing.
    /// </summary>
    private async Task<ObjectScan?> ScanAsync(AggregateQuery query, ClassDefinition cls, FilterNode? filter, CancellationToken ct)
    {
        var scan = new ObjectScan(cls.Name, query.Tenant, filter);
        if (query.Hybrid is { } hybrid)
        {
            if (query.Near is not null) throw new UserInputException(KeywordMessages.MoreThanOneSearch);
            if (query.ObjectLimit < 0) throw new UserInputException(QueryMessages.NegativeLimit);
            var search = new SearchQuery(cls.Name, query.Tenant) { Hybrid = hybrid with { Properties = [] }, Limit = query.ObjectLimit };
            var best = await new ScoredSearch(store, service, options).RunAsync(search, cls, filter, ct).ConfigureAwait(false);
            return best.Hits.Count == 0 ? null
                : scan with { Filter = new ColumnCondition(ObjectColumn.Id, Comparison.In, best.Hits.Select(h => (object)h.Object.Id).ToList()) };
        }
        if (query.Near is not { } near) return scan;
        if (query.ObjectLimit is null && near.Distance is null && near.Certainty is null) throw new UserInputException(QueryMessages.VectorSearchNeedsLimit);
        if (query.ObjectLimit < 0) throw new UserInputException(QueryMessages.NegativeLimit);
        var plan = await ExactVectorSearch.PlanAsync(store, cls, query.Tenant, near, ct).ConfigureAwait(false);
        var nearest = await ExactVectorSearch.NearestAsync(store, scan, plan, query.ObjectLimit ?? options.QueryMaximumResults, ct).ConfigureAwait(false);
        if (nearest.Count == 0) return null;
        return scan with { Filter = new ColumnCondition(ObjectColumn.Id, Comparison.In, nearest.Select(n => (object)n.Id).ToList()) };
    }

    private static PropertyDefinition Property(ClassDefinition cls, string name) =>
        FilterValidator.FindProperty(cls, name) ?? throw new UserInputException(QueryMessages.NoSuchProperty(name, cls.Name));

    private static void Feed(List<PropertyAggregator> aggregators, List<(PropertyDefinition Definition, AggregateProperty Request)> properties, StoredObject o)
    {
        for (var i = 0; i < aggregators.Count; i++) aggregators[i].Add(o.Properties[properties[i].Definition.Name]);
    }

    private sealed class Group(List<PropertyAggregator> aggregators)
    {
        public long Count { get; set; }
        public List<PropertyAggregator> Aggregators { get; } = aggregators;
    }
}
