using System.Buffers.Binary;
using Barge.Core.Query;
using Barge.Server.Grpc.Protocol;
using Google.Protobuf;
using NearVector = Barge.Server.Grpc.Protocol.NearVector;
using NearObject = Barge.Server.Grpc.Protocol.NearObject;

#pragma warning disable CS0612 // the deprecated vector and target fields are still read

namespace Barge.Server.Grpc;

/// <summary>
/// The gRPC <c>NearVector</c> / <c>NearObject</c> messages → Core's <see cref="NearSearch"/>, for Search and Aggregate.
/// The vector comes as weaviate-client 3.14 sends it at 1.29+ (one <c>vectors</c> entry of type single fp32, bytes
/// little-endian float32), or in the older <c>vector_bytes</c> or <c>vector</c> fields. Barge stores one unnamed vector,
/// so only the unnamed target or <c>default</c> is accepted; multi-vectors are refused.
/// </summary>
internal static class NearMapping
{
    public static NearSearch Vector(NearVector near)
    {
        RequireDefaultTargets(near.Targets, near.TargetVectors);
        if (near.VectorForTargets.Count > 0 || near.VectorPerTarget.Count > 0)
            throw GrpcErrors.Invalid("nearVector: named vectors are not supported: Barge stores one unnamed vector per object");
        float[] vector;
        if (near.Vectors.Count > 0) vector = Single(near.Vectors, "nearVector");

        else if (near.VectorBytes.Length > 0) vector = Floats(near.VectorBytes);
        else vector = near.Vector.ToArray();

        if (vector.Length == 0) throw GrpcErrors.Invalid(QueryMessages.EmptyVector);
        return new Core.Query.NearVector(vector, near.HasDistance ? near.Distance : null, near.HasCertainty ? near.Certainty : null);
    }

    public static NearSearch Object(NearObject near)
    {
        RequireDefaultTargets(near.Targets, near.TargetVectors);
        return new Core.Query.NearObject(near.Id, near.HasDistance ? near.Distance : null, near.HasCertainty ? near.Certainty : null);
    }

    /// <summary>The one unnamed (or <c>default</c>) single vector of a <c>vectors</c> field.</summary>
    internal static float[] Single(IReadOnlyList<Vectors> vectors, string search)
    {
        if (vectors.Count > 1) throw GrpcErrors.Invalid($"{search}: exactly one vector is supported, got {vectors.Count}");
        var v = vectors[0];
        if (v.Type == Vectors.Types.VectorType.MultiFp32) throw GrpcErrors.Invalid($"{search}: multi-vectors are not supported");
        if (v.Name.Length > 0 && v.Name != "default") throw GrpcErrors.Invalid($"{search}: no vector named '{v.Name}': Barge stores one unnamed vector");
        return Floats(v.VectorBytes);
    }

    internal static void RequireDefaultTargets(Targets? targets, IEnumerable<string> deprecated)
    {
        var names = (targets?.TargetVectors ?? []).Concat(deprecated);
        if (names.FirstOrDefault(n => n != "default") is { } other)
            throw GrpcErrors.Invalid($"target vector '{other}' not found: Barge stores one unnamed vector per object");
    }

    internal static float[] Floats(ByteString bytes)
    {
        if (bytes.Length % 4 != 0) throw GrpcErrors.Invalid($"vector bytes must hold 4-byte float32 values, got {bytes.Length} bytes");
        var span = bytes.Span;
        var v = new float[span.Length / 4];
        for (var i = 0; i < v.Length; i++) v[i] = BinaryPrimitives.ReadSingleLittleEndian(span[(i * 4)..]);
        return v;
    }
}
