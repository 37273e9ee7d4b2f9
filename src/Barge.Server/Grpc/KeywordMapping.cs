using Barge.Core.Query;
using Barge.Server.Grpc.Protocol;

#pragma warning disable CS0612 // the deprecated vector, vector_bytes and target_vectors fields are still read

namespace Barge.Server.Grpc;

/// <summary>
/// The gRPC <c>BM25</c> and <c>Hybrid</c> messages → Core's <see cref="Bm25Search"/> / <see cref="HybridSearch"/>.
/// Alpha is <c>alpha</c>, or <c>alpha_param</c> (0.75 unset) when <c>use_alpha_param</c> is set, as Weaviate reads
/// them; an unspecified fusion is relative score (Weaviate's default). The hybrid vector comes in <c>vectors</c>,
/// <c>near_vector</c> or the older <c>vector_bytes</c> / <c>vector</c>. A near_text part (it needs a vectorizer), a
/// vector distance threshold and diversity selection are refused rather than ignored.
/// </summary>
internal static class KeywordMapping
{
    public static Bm25Search Bm25(BM25 bm25) =>
        new(bm25.Query, bm25.Properties.ToList(), MinimumMatch(bm25.SearchOperator));

    public static HybridSearch Hybrid(Hybrid hybrid)
    {
        if (hybrid.NearText is not null)
            throw GrpcErrors.Unimplemented("hybrid: nearText needs a vectorizer module, which Barge does not have; pass a vector");
        if (hybrid.ThresholdCase == Protocol.Hybrid.ThresholdOneofCase.VectorDistance)
            throw GrpcErrors.Unimplemented("hybrid: a maximum vector distance is not supported by Barge");
        if (hybrid.Selection is not null) throw GrpcErrors.Unimplemented("hybrid: diversity selection is not supported by Barge");
        var alpha = hybrid.UseAlphaParam ? (hybrid.HasAlphaParam ? hybrid.AlphaParam : HybridSearch.DefaultAlpha) : hybrid.Alpha;
        var fusion = hybrid.FusionType == Protocol.Hybrid.Types.FusionType.Ranked ? FusionType.Ranked : FusionType.RelativeScore;
        return new HybridSearch(hybrid.Query, alpha, Vector(hybrid), hybrid.Properties.ToList(), fusion, MinimumMatch(hybrid.Bm25SearchOperator));
    }

    /// <summary>OR (the default) needs one term, or <c>minimum_or_tokens_match</c>; AND needs them all (null).</summary>
    private static int? MinimumMatch(SearchOperatorOptions? options) => options switch
    {
        null => 1,
        { Operator: SearchOperatorOptions.Types.Operator.And } => null,
        { HasMinimumOrTokensMatch: true } o => o.MinimumOrTokensMatch,
        _ => 1,
    };

    private static float[]? Vector(Hybrid hybrid)
    {
        if (hybrid.NearVector is not null)
        {
            if (hybrid.Vectors.Count > 0 || hybrid.VectorBytes.Length > 0 || hybrid.Vector.Count > 0)
                throw GrpcErrors.Invalid("hybrid: cannot have both vector and nearVector");
            return NearMapping.Vector(hybrid.NearVector) is Core.Query.NearVector near ? near.Vector : null;
        }
        NearMapping.RequireDefaultTargets(hybrid.Targets, hybrid.TargetVectors);
        if (hybrid.Vectors.Count > 0) return NearMapping.Single(hybrid.Vectors, "hybrid");
        if (hybrid.VectorBytes.Length > 0) return NearMapping.Floats(hybrid.VectorBytes);
        return hybrid.Vector.Count > 0 ? hybrid.Vector.ToArray() : null;
    }
}
