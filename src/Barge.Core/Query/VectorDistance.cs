using System.Numerics;
using System.Numerics.Tensors;
using Barge.Core.Errors;

namespace Barge.Core.Query;

/// <summary>
/// The distance from one query vector to stored vectors under a metric, computed with SIMD (TensorPrimitives, and
/// <see cref="Vector{T}"/> for hamming, which TensorPrimitives has no primitive for). One instance per search: it keeps
/// the query's norm and a scratch buffer, so measuring a stored vector allocates nothing. Not thread-safe.
/// </summary>
public sealed class VectorDistance
{
    private readonly DistanceMetric _metric;
    private readonly float[] _query;
    private readonly float _queryNorm;
    private readonly float[] _scratch;

    public VectorDistance(DistanceMetric metric, float[] query)
    {
        _metric = metric;
        _query = query;
        _queryNorm = metric == DistanceMetric.Cosine ? TensorPrimitives.Norm<float>(query) : 0;
        _scratch = metric is DistanceMetric.L2Squared or DistanceMetric.Manhattan ? new float[query.Length] : [];
    }

    /// <summary>The distance to <paramref name="stored"/>; a vector of another length is the caller's error (a query of the wrong model).</summary>
    public float To(ReadOnlySpan<float> stored)
    {
        if (stored.Length != _query.Length) throw new UserInputException(QueryMessages.VectorLengthMismatch(_query.Length, stored.Length));
        ReadOnlySpan<float> query = _query;
        switch (_metric)
        {
            case DistanceMetric.Cosine:
                // Weaviate normalizes both vectors and takes 1 - dot. A zero vector has no direction: similarity 0.
                var norms = _queryNorm * TensorPrimitives.Norm(stored);
                return norms == 0 ? 1 : 1 - TensorPrimitives.Dot(query, stored) / norms;
            case DistanceMetric.Dot:
                return -TensorPrimitives.Dot(query, stored);
            case DistanceMetric.L2Squared:
                TensorPrimitives.Subtract(query, stored, _scratch);
                return TensorPrimitives.SumOfSquares<float>(_scratch);
            case DistanceMetric.Manhattan:
                TensorPrimitives.Subtract(query, stored, _scratch);
                return TensorPrimitives.SumOfMagnitudes<float>(_scratch);
            default:
                return Differing(query, stored);
        }
    }

    /// <summary>How many positions hold different values (hamming).</summary>
    private static float Differing(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var differing = 0;
        var i = 0;
        var width = Vector<float>.Count;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= a.Length - width; i += width)
            {
                // Equal lanes are -1 in the mask: width plus the mask's sum counts the lanes that differ.
                differing += width + Vector.Sum(Vector.Equals(new Vector<float>(a[i..]), new Vector<float>(b[i..])));
            }
        }
        for (; i < a.Length; i++)
        {
            if (a[i] != b[i]) differing++;
        }
        return differing;
    }
}
