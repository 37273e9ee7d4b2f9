using System.Text.Unicode;
using static Barge.Server.Grpc.ProtoWireReader;

namespace Barge.Server.Grpc;

/// <summary>
/// The fields of one encoded <c>BatchObject</c> (<c>string uuid = 1; repeated float vector = 2; Properties properties
/// = 3; string collection = 4; string tenant = 5; bytes vector_bytes = 6; repeated Vectors vectors = 23;</c>) as slices
/// of its bytes, read with protobuf's rules: the last value of a singular field wins, a message field sent twice is
/// merged (its bytes concatenated, which is what merging means on the wire), fields of an unexpected wire type are
/// skipped as unknown fields. The repeated vector fields are left in <see cref="Bytes"/> for
/// <see cref="BatchObjectMapping"/> to walk.
/// </summary>
internal ref struct BatchObjectFields
{
    public const int VectorField = 2;
    public const int VectorsField = 23;

    public ReadOnlySpan<byte> Bytes;
    public ReadOnlySpan<byte> Uuid;
    public ReadOnlySpan<byte> Collection;
    public ReadOnlySpan<byte> Tenant;
    public ReadOnlySpan<byte> VectorBytes;
    /// <summary>The <c>properties</c> message's bytes; empty when none was sent.</summary>
    public ReadOnlySpan<byte> Properties;
    public bool HasProperties;

    /// <summary>Why the object's bytes cannot be read, or null.</summary>
    public static string? TryRead(ReadOnlySpan<byte> bytes, out BatchObjectFields fields)
    {
        fields = new BatchObjectFields { Bytes = bytes };
        byte[]? merged = null;
        var reader = new ProtoWireReader(bytes);
        while (!reader.End)
        {
            if (!reader.TryReadTag(out var field, out var wireType)) return Malformed;
            if (wireType != LengthDelimited || field is not (1 or 3 or 4 or 5 or 6))
            {
                if (!reader.TrySkip(wireType)) return Malformed;
                continue;
            }
            if (!reader.TryReadLengthDelimited(out var value)) return Malformed;
            switch (field)
            {
                case 1: fields.Uuid = value; break;
                case 4: fields.Collection = value; break;
                case 5: fields.Tenant = value; break;
                case 6: fields.VectorBytes = value; break;
                default:
                    if (fields.HasProperties) merged = [.. fields.Properties, .. value]; // rare: sent twice, merged
                    fields.Properties = merged is null ? value : merged;
                    fields.HasProperties = true;
                    break;
            }
        }
        if (!Utf8.IsValid(fields.Uuid)) return NotUtf8("uuid");
        if (!Utf8.IsValid(fields.Collection)) return NotUtf8("collection");
        if (!Utf8.IsValid(fields.Tenant)) return NotUtf8("tenant");
        return null;
    }

    /// <summary>Bytes protobuf would not read as a <c>BatchObject</c>.</summary>
    public const string Malformed = "the bytes are not a valid weaviate.v1.BatchObject (a truncated or malformed field)";

    public static string NotUtf8(string field) => $"{field} is not valid UTF-8";
}
