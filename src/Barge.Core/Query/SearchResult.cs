using Barge.Core.Objects;

namespace Barge.Core.Query;

/// <summary>
/// One object found. <see cref="Distance"/> is set by a vector search; <see cref="Certainty"/> only when the class
/// measures cosine distance (certainty is undefined for the other metrics).
/// </summary>
public sealed record SearchHit(StoredObject Object, float? Distance = null, double? Certainty = null);

/// <summary>The hits in order; <see cref="Metric"/> is the distance metric a vector search used (null without one).</summary>
public sealed record SearchResult(IReadOnlyList<SearchHit> Hits, DistanceMetric? Metric);
