using System.Buffers.Binary;
using System.Text.Json;
using Barge.Core.Objects;
using Barge.Server.Grpc.Protocol;
using Google.Protobuf;

namespace Barge.Server.Grpc;

/// <summary>
/// The <see cref="BatchObject"/>s of one request → Core's <see cref="ObjectInput"/>s: id, collection, tenant,
/// properties (<see cref="PropertiesJson"/>) and the vector (<c>vector_bytes</c>, the deprecated float list, or an
/// unnamed / <c>default</c> entry of <c>vectors</c>). What cannot be mapped fails that object alone, with a message
/// (<see cref="ObjectInput.Refused"/>). Every object's properties are written into one JSON document, parsed once, as
/// a REST batch body is: a document per object costs more than the rest of the mapping. Vectors go to Core as float32
/// values (<see cref="ObjectInput.VectorValues"/>), as they came.
/// </summary>
internal sealed class BatchObjectMapping : IDisposable
{
    /// <summary>Room reserved per object for its JSON before the buffer grows (an article is about 450 bytes).</summary>
    private const int BytesPerObject = 512;

    private readonly JsonDocument? _document;
    private readonly PooledBufferWriter? _json;

    public ObjectInput[] Inputs { get; }

    private BatchObjectMapping(ObjectInput[] inputs, JsonDocument? document, PooledBufferWriter? json) =>
        (Inputs, _document, _json) = (inputs, document, json);

    /// <summary>Maps every object; the inputs' JSON lives until this is disposed (after the batch is imported).</summary>
    public static BatchObjectMapping Map(IReadOnlyList<BatchObject> objects, int maxJsonDepth)
    {
        var inputs = new ObjectInput[objects.Count];
        // Each mapped object puts its properties into one array, in object order; slots name the object of each entry.
        var slots = new List<int>(objects.Count);
        var json = new PooledBufferWriter(objects.Count * BytesPerObject + 16);
        try
        {
            json.Write((byte)'[');
            // One writer per object (reset, not re-made), so that an object whose properties fail half-written is cut
            // from the buffer and leaves no trace in the array.
            using var w = new Utf8JsonWriter(json, new JsonWriterOptions { SkipValidation = true });
            for (var i = 0; i < objects.Count; i++)
            {
                var o = objects[i];
                if (Refusal(o) is { } refused)
                {
                    inputs[i] = new ObjectInput { Class = o.Collection, Refused = refused };
                    continue;
                }
                if (o.Properties is not null)
                {
                    var start = json.WrittenCount;
                    if (slots.Count > 0) json.Write((byte)',');
                    w.Reset(json);
                    var error = PropertiesJson.Write(w, o.Properties, maxJsonDepth);
                    if (error is null) w.Flush();
                    else
                    {
                        w.Reset(json); // drops what the writer still holds; the buffer is cut back below
                        json.Truncate(start);
                        inputs[i] = new ObjectInput { Class = o.Collection, Refused = error };
                        continue;
                    }
                    slots.Add(i);
                }
                inputs[i] = new ObjectInput
                {
                    Id = o.Uuid.Length > 0 ? ObjectIds.Canonical(o.Uuid) : null,
                    Class = o.Collection.Length > 0 ? o.Collection : null,
                    Tenant = o.Tenant.Length > 0 ? o.Tenant : null,
                    VectorValues = Vector(o),
                };
            }
            json.Write((byte)']');
            if (slots.Count == 0)
            {
                json.Dispose();
                return new BatchObjectMapping(inputs, null, null);
            }

            var document = JsonDocument.Parse(json.WrittenMemory, new JsonDocumentOptions { MaxDepth = maxJsonDepth + 2 });
            var slot = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                var index = slots[slot++];
                inputs[index] = inputs[index] with { Properties = element };
            }
            return new BatchObjectMapping(inputs, document, json);
        }
        catch
        {
            json.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _document?.Dispose();
        _json?.Dispose();
    }

    /// <summary>Why the object cannot be mapped apart from its properties (written, and refused, as they are read), or null.</summary>
    private static string? Refusal(BatchObject o)
    {
        if (o.Uuid.Length > 0 && ObjectIds.Canonical(o.Uuid) is null) return $"invalid uuid '{o.Uuid}': must be a UUID";
        return VectorRefusal(o);
    }

    private static string? VectorRefusal(BatchObject o)
    {
        if (o.VectorBytes.Length > 0) return FloatsRefusal(o.VectorBytes, "vector_bytes");
        foreach (var named in o.Vectors)
        {
            // Barge keeps one (unnamed) vector per object; clients send it as a "default" entry next to
            // vector_bytes, or alone. Any other name is a named vector, which Barge does not store: refused, not dropped.
            if (named.Name is not ("" or "default"))
                return $"named vector '{named.Name}': Barge stores one unnamed vector per object; named vectors are not supported";
            if (named.Type == Vectors.Types.VectorType.MultiFp32)
                return "multi-vectors are not supported: Barge stores one vector per object";
        }
        if (o.Vectors.Count > 1) return "more than one vector for the object: Barge stores one vector per object";
        return o.Vectors.Count == 1 ? FloatsRefusal(o.Vectors[0].VectorBytes, "vectors.vector_bytes") : null;
    }

    private static string? FloatsRefusal(ByteString bytes, string field) =>
        bytes.Length % 4 == 0 ? null : $"{field} must hold 4-byte float32 values, got {bytes.Length} bytes";

    /// <summary>
    /// The object's vector as float32 values, or null when it has none; <see cref="VectorRefusal"/> has passed. Handed
    /// to Core as values (validation refuses NaN and infinities), never as JSON text.
    /// </summary>
    private static float[]? Vector(BatchObject o)
    {
        var bytes = o.VectorBytes.Length > 0 ? o.VectorBytes : o.Vectors.Count == 1 ? o.Vectors[0].VectorBytes : ByteString.Empty;
        if (bytes.Length > 0)
        {
            var span = bytes.Span;
            var values = new float[span.Length / 4];
            for (var i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(span[(i * 4)..]);
            return values;
        }
#pragma warning disable CS0612 // the deprecated float list is what older clients send
        return o.Vector.Count == 0 ? null : [.. o.Vector];
#pragma warning restore CS0612
    }
}
