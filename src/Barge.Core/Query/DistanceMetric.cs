using Barge.Core.Schema;

namespace Barge.Core.Query;

/// <summary>The vector distances Weaviate offers (a class's <c>vectorIndexConfig.distance</c>). Smaller is nearer for all.</summary>
public enum DistanceMetric
{
    /// <summary><c>cosine</c>: 1 - cosine similarity, in [0, 2].</summary>
    Cosine,
    /// <summary><c>dot</c>: the negative dot product.</summary>
    Dot,
    /// <summary><c>l2-squared</c>: the sum of squared differences.</summary>
    L2Squared,
    /// <summary><c>hamming</c>: the number of positions whose values differ.</summary>
    Hamming,
    /// <summary><c>manhattan</c>: the sum of absolute differences.</summary>
    Manhattan,
}

public static class DistanceMetrics
{
    /// <summary>
    /// The metric a class's vector index is configured with. Every index type (hnsw, flat, dynamic) keeps it under
    /// <c>distance</c>; a class without one (none stored, or an unknown name) measures cosine, Weaviate's default.
    /// </summary>
    public static DistanceMetric Of(ClassDefinition cls) =>
        ConfigJson.String(cls.VectorIndexConfig?["distance"]) is { } name && TryParse(name, out var metric) ? metric : DistanceMetric.Cosine;

    public static bool TryParse(string name, out DistanceMetric metric)
    {
        switch (name)
        {
            case "cosine": metric = DistanceMetric.Cosine; return true;
            case "dot": metric = DistanceMetric.Dot; return true;
            case "l2-squared": metric = DistanceMetric.L2Squared; return true;
            case "hamming": metric = DistanceMetric.Hamming; return true;
            case "manhattan": metric = DistanceMetric.Manhattan; return true;
            default: metric = DistanceMetric.Cosine; return false;
        }
    }

    /// <summary>The configuration name, as Weaviate prints it in messages.</summary>
    public static string Name(this DistanceMetric metric) => metric switch
    {
        DistanceMetric.Cosine => "cosine",
        DistanceMetric.Dot => "dot",
        DistanceMetric.L2Squared => "l2-squared",
        DistanceMetric.Hamming => "hamming",
        _ => "manhattan",
    };

    /// <summary>Certainty is cosine similarity rescaled to [0, 1]; it is defined for cosine only (Weaviate refuses it otherwise).</summary>
    public static double CertaintyOf(float cosineDistance) => 1 - cosineDistance / 2.0;

    /// <summary>The cosine distance a certainty corresponds to: a certainty threshold is a distance threshold.</summary>
    public static double DistanceOfCertainty(double certainty) => 2 * (1 - certainty);
}
