using System.Buffers.Binary;
using Barge.Server.Grpc.Protocol;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Value = Google.Protobuf.WellKnownTypes.Value;
using WeaviateClient = Barge.Server.Grpc.Protocol.Weaviate.WeaviateClient;

namespace Barge.Server.Tests.Grpc;

/// <summary>Builds gRPC messages the way the npm weaviate-client 3.x serializes them (collections/serialize).</summary>
internal static class GrpcKit
{
    public static ByteString Float32(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        return ByteString.CopyFrom(bytes);
    }

    public static ByteString Float64(params double[] values)
    {
        var bytes = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * 8), values[i]);
        return ByteString.CopyFrom(bytes);
    }

    public static BatchObject Object(string collection, string id, Struct? scalars = null) => new()
    {
        Collection = collection,
        Uuid = id,
        Properties = new BatchObject.Types.Properties { NonRefProperties = Bytes(scalars ?? new Struct()) },
    };

    /// <summary>
    /// A Struct as <c>non_ref_properties</c> carries it: Barge's protos declare the field bytes (see batch.proto), and a
    /// client's Struct is exactly these bytes on the wire.
    /// </summary>
    public static ByteString Bytes(Struct scalars) => scalars.ToByteString();

    public static Struct Struct(params (string Name, Value Value)[] fields)
    {
        var s = new Struct();
        foreach (var (name, value) in fields) s.Fields[name] = value;
        return s;
    }

    public static Filters Equal(string property, string text) => new()
    {
        Operator = Filters.Types.Operator.Equal,
        Target = new FilterTarget { Property = property },
        ValueText = text,
    };
}
