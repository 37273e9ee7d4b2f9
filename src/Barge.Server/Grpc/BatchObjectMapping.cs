using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using Barge.Core.Objects;
using Barge.Server.Grpc.Protocol;
using Google.Protobuf;

namespace Barge.Server.Grpc;

/// <summary>
/// One <see cref="BatchObject"/> → Core's <see cref="ObjectInput"/>: id, collection, tenant, properties
/// (<see cref="PropertiesJson"/>) and the vector (<c>vector_bytes</c>, the deprecated float list, or an unnamed /
/// <c>default</c> entry of <c>vectors</c>). What cannot be mapped fails that object alone, with a message.
/// </summary>
internal static class BatchObjectMapping
{
    public static (ObjectInput? Input, string? Error) Map(BatchObject o)
    {
        string? id = null;
        if (o.Uuid.Length > 0 && (id = ObjectIds.Canonical(o.Uuid)) is null)
            return (null, $"invalid uuid '{o.Uuid}': must be a UUID");
        var (vector, vectorError) = Vector(o);
        if (vectorError is not null) return (null, vectorError);
        var (properties, propertiesError) = PropertiesJson.Read(o.Properties);
        if (propertiesError is not null) return (null, propertiesError);
        return (new ObjectInput
        {
            Id = id,
            Class = o.Collection.Length > 0 ? o.Collection : null,
            Tenant = o.Tenant.Length > 0 ? o.Tenant : null,
            Properties = properties,
            Vector = vector,
        }, null);
    }

    private static (JsonElement? Vector, string? Error) Vector(BatchObject o)
    {
        if (o.VectorBytes.Length > 0) return Floats(o.VectorBytes, "vector_bytes");
        foreach (var named in o.Vectors)
        {
            // Barge keeps one (unnamed) vector per object; clients send it as a "default" entry next to
            // vector_bytes, or alone. Any other name is a named vector, which Barge does not store: refused, not dropped.
            if (named.Name is not ("" or "default"))
                return (null, $"named vector '{named.Name}': Barge stores one unnamed vector per object; named vectors are not supported");
            if (named.Type == Vectors.Types.VectorType.MultiFp32)
                return (null, "multi-vectors are not supported: Barge stores one vector per object");
        }
        if (o.Vectors.Count > 1) return (null, "more than one vector for the object: Barge stores one vector per object");
        if (o.Vectors.Count == 1) return Floats(o.Vectors[0].VectorBytes, "vectors.vector_bytes");
#pragma warning disable CS0612 // the deprecated float list is what older clients send
        if (o.Vector.Count == 0) return (null, null);
        return (Json(o.Vector.Count, i => o.Vector[i]), null);
#pragma warning restore CS0612
    }

    private static (JsonElement? Vector, string? Error) Floats(ByteString bytes, string field)
    {
        if (bytes.Length % 4 != 0) return (null, $"{field} must hold 4-byte float32 values, got {bytes.Length} bytes");
        var span = bytes.Span;
        var values = new float[bytes.Length / 4];
        for (var i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(span[(i * 4)..]);
        return (Json(values.Length, i => values[i]), null);
    }

    private static JsonElement Json(int count, Func<int, float> value)
    {
        var buffer = new ArrayBufferWriter<byte>(count * 12 + 2);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            for (var i = 0; i < count; i++)
            {
                var f = value(i);
                if (float.IsFinite(f)) w.WriteNumberValue(f);
                else w.WriteStringValue(f.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            w.WriteEndArray();
        }
        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }
}
