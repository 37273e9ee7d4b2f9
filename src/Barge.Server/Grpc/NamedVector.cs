using System.Text;
using System.Text.Unicode;
using static Barge.Server.Grpc.ProtoWireReader;

namespace Barge.Server.Grpc;

/// <summary>
/// One entry of a <c>BatchObject</c>'s <c>vectors</c>, read from its bytes: <c>Vectors { string name = 1; uint64
/// index = 2 [deprecated]; bytes vector_bytes = 3; VectorType type = 4; }</c> (type 2 is a multi-vector).
/// </summary>
internal ref struct NamedVector
{
    private const int MultiFp32 = 2;

    public string Name;
    public ReadOnlySpan<byte> VectorBytes;
    public bool Multi;

    /// <summary>Why the entry cannot be read, or null.</summary>
    public static string? TryRead(ReadOnlySpan<byte> bytes, out NamedVector vector)
    {
        vector = new NamedVector { Name = "" };
        var name = ReadOnlySpan<byte>.Empty;
        ulong type = 0;
        var reader = new ProtoWireReader(bytes);
        while (!reader.End)
        {
            if (!reader.TryReadTag(out var field, out var wireType)) return Malformed;
            var ok = (field, wireType) switch
            {
                (1, LengthDelimited) => reader.TryReadLengthDelimited(out name),
                (3, LengthDelimited) => reader.TryReadLengthDelimited(out vector.VectorBytes),
                (4, Varint) => reader.TryReadVarint(out type),
                _ => reader.TrySkip(wireType),
            };
            if (!ok) return Malformed;
        }
        if (!Utf8.IsValid(name)) return "vectors: a vector name is not valid UTF-8";
        vector.Name = name.IsEmpty ? "" : Encoding.UTF8.GetString(name);
        vector.Multi = type == MultiFp32;
        return null;
    }

    private const string Malformed = "the bytes are not a valid weaviate.v1.Vectors (a truncated or malformed field)";
}
