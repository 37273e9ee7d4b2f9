using Barge.Core.Errors;
using Barge.Core.Objects;
using Barge.Core.Schema;
using Barge.Core.Storage;

namespace Barge.Core.Query;

/// <summary>
/// Flat, exact nearest-neighbour search: the store streams the vectors of the objects the filter admits, each is
/// measured, and a top-k heap keeps the nearest. Classes configured with an hnsw index are searched the same way,
/// so results are exact whatever the index type says. Used by both search and aggregation.
/// </summary>
internal static class ExactVectorSearch
{
    /// <summary>The query vector, the threshold (as a distance) and the metric of a near search on <paramref name="cls"/>.</summary>
    public sealed record Plan(float[] Vector, double? MaxDistance, DistanceMetric Metric);

    public static async Task<Plan> PlanAsync(IObjectStore store, ClassDefinition cls, string? tenant, NearSearch near, CancellationToken ct)
    {
        var metric = DistanceMetrics.Of(cls);
        if (near.Distance is not null && near.Certainty is not null) throw new UserInputException(QueryMessages.DistanceAndCertainty);
        if (near.Certainty is not null && metric != DistanceMetric.Cosine) throw new UserInputException(QueryMessages.CertaintyUnsupported(metric));
        var maxDistance = near.Certainty is { } certainty ? DistanceMetrics.DistanceOfCertainty(certainty) : near.Distance;
        var vector = near switch
        {
            NearVector v => v.Vector.Length > 0 ? v.Vector : throw new UserInputException(QueryMessages.EmptyVector),
            NearObject o => await VectorOfAsync(store, cls, tenant, o.Id, ct).ConfigureAwait(false),
            _ => throw new ArgumentException($"unknown near search {near.GetType().Name}", nameof(near)),
        };
        return new Plan(vector, maxDistance, metric);
    }

    /// <summary>The stored vector of the object a nearObject names.</summary>
    private static async Task<float[]> VectorOfAsync(IObjectStore store, ClassDefinition cls, string? tenant, string id, CancellationToken ct)
    {
        var canonical = ObjectIds.Canonical(id) ?? throw new UserInputException(QueryMessages.BadNearObjectId(id));
        var found = await store.GetAsync(cls.Name, canonical, tenant, ct).ConfigureAwait(false)
                    ?? throw new UserInputException(QueryMessages.NearObjectNotFound(canonical, cls.Name));
        return found.Vector is { Length: > 0 } vector ? vector : throw new UserInputException(QueryMessages.NearObjectWithoutVector(canonical));
    }

    /// <summary>The <paramref name="k"/> nearest within the plan's threshold, nearest first.</summary>
    public static async Task<List<Neighbour>> NearestAsync(IObjectStore store, ObjectScan scan, Plan plan, int k, CancellationToken ct)
    {
        var distance = new VectorDistance(plan.Metric, plan.Vector);
        var nearest = new NearestNeighbours(k);
        await foreach (var stored in store.ScanVectorsAsync(scan, ct).ConfigureAwait(false))
        {
            var d = distance.To(stored.Vector);
            if (plan.MaxDistance is { } max && !(d <= max)) continue;
            nearest.Offer(new Neighbour(stored.Id, d));
        }
        return nearest.InOrder();
    }
}
