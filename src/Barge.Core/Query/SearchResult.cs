using Barge.Core.Objects;
using Barge.Core.Query.References;

namespace Barge.Core.Query;

/// <summary>
/// One object found. <see cref="Distance"/> is set by a vector search; <see cref="Certainty"/> only when the class
/// measures cosine distance (certainty is undefined for the other metrics).
/// </summary>
public sealed record SearchHit(StoredObject Object, float? Distance = null, double? Certainty = null)
{
    /// <summary>The score of a keyword or hybrid search (higher is better); null for other searches.</summary>
    public float? Score { get; init; }

    /// <summary>Weaviate's explanation of <see cref="Score"/>, when the query asked for it.</summary>
    public string? ExplainScore { get; init; }

    /// <summary>What each of the query's reference selections found on this object, in the order of <see cref="SearchQuery.References"/>.</summary>
    public IReadOnlyList<ReferenceGroup> References { get; init; } = [];
}

/// <summary>The hits in order; <see cref="Metric"/> is the distance metric a vector search used (null without one).</summary>
public sealed record SearchResult(IReadOnlyList<SearchHit> Hits, DistanceMetric? Metric);
