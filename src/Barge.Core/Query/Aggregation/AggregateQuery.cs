using Barge.Core.Filters;

namespace Barge.Core.Query.Aggregation;

/// <summary>
/// One aggregation over a class (gRPC Aggregate, GraphQL Aggregate), free of any wire shape: the objects the filter
/// admits, or with <see cref="Near"/> the nearest of them (bounded by <see cref="ObjectLimit"/> or the threshold).
/// </summary>
public sealed record AggregateQuery(string Class, string? Tenant = null)
{
    /// <summary>A where filter, as parsed or already validated; the engine validates it against the class.</summary>
    public FilterNode? Filter { get; init; }

    /// <summary>Aggregate over the objects nearest to a vector; needs <see cref="ObjectLimit"/> or a distance/certainty.</summary>
    public NearSearch? Near { get; init; }

    /// <summary>
    /// Aggregate over the best objects of a hybrid search, as Weaviate does: its keyword part ranks every searchable
    /// text property (the search's own properties are not used), at most <see cref="ObjectLimit"/> objects
    /// (QUERY_DEFAULTS_LIMIT when unset).
    /// </summary>
    public HybridSearch? Hybrid { get; init; }

    /// <summary>With <see cref="Near"/> or <see cref="Hybrid"/>: at most this many of the best objects are aggregated.</summary>
    public int? ObjectLimit { get; init; }

    /// <summary>A property to group by: one group per distinct value (each element of an array property).</summary>
    public string? GroupBy { get; init; }

    /// <summary>How many groups, the largest first; null for Weaviate's 100.</summary>
    public int? GroupLimit { get; init; }

    /// <summary>The properties to aggregate; each gets every aggregation its type has (callers pick what they were asked).</summary>
    public IReadOnlyList<AggregateProperty> Properties { get; init; } = [];
}

/// <summary>A property to aggregate; <paramref name="TopOccurrencesLimit"/> bounds a text property's top occurrences (Weaviate's default 5).</summary>
public sealed record AggregateProperty(string Name, int TopOccurrencesLimit = 5);
