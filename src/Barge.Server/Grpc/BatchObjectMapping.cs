using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Barge.Core.Objects;

namespace Barge.Server.Grpc;

/// <summary>
/// The encoded <c>BatchObject</c>s of one request (<see cref="RawBatchObjects"/>, read as <see cref="BatchObjectFields"/>) → Core's <see cref="ObjectInput"/>s: id, collection, tenant,
/// properties (<see cref="ProtoProperties"/>) and the vector (<c>vector_bytes</c>, the deprecated float list, or an
/// unnamed / <c>default</c> entry of <c>vectors</c>). What cannot be mapped fails that object alone, with a message
/// (<see cref="ObjectInput.Refused"/>). Every object's properties are decoded into one <see cref="SentValues"/>,
/// which Core reads in place (<see cref="ObjectInput.SentProperties"/>): they are never written as JSON nor parsed
/// back. Vectors go to Core as float32 values (<see cref="ObjectInput.VectorValues"/>), as they came.
/// </summary>
internal sealed class BatchObjectMapping : IDisposable
{
    private readonly SentValues _values;

    public ObjectInput[] Inputs { get; }

    /// <summary>Each object's uuid as sent (empty when none, or when its bytes could not be read).</summary>
    public string[] SentUuids { get; }

    private BatchObjectMapping(ObjectInput[] inputs, string[] sentUuids, SentValues values) =>
        (Inputs, SentUuids, _values) = (inputs, sentUuids, values);

    /// <summary>Maps every object; the inputs' properties live until this is disposed (after the batch is imported).</summary>
    public static BatchObjectMapping Map(RawBatchObjects objects, int maxJsonDepth)
    {
        var inputs = new ObjectInput[objects.Count];
        var sentUuids = new string[objects.Count];
        var values = new SentValues(objects.Count);
        var names = new NameCache();
        try
        {
            for (var i = 0; i < objects.Count; i++)
            {
                var unreadable = BatchObjectFields.TryRead(objects[i], out var o);
                var collection = unreadable is null ? names.Get(o.Collection) : "";
                sentUuids[i] = unreadable is null && !o.Uuid.IsEmpty ? Encoding.UTF8.GetString(o.Uuid) : "";
                string? id = null;
                float[]? vector = null;
                if ((unreadable ?? Identity(o, sentUuids[i], out id, out vector)) is { } refused)
                {
                    inputs[i] = new ObjectInput { Class = collection, Refused = refused };
                    continue;
                }
                SentProperties? properties = null;
                if (o.HasProperties)
                {
                    // An object whose properties fail half-written is cut back, and leaves no trace in the values.
                    var mark = values.Mark;
                    if (ProtoProperties.Write(values, o.Properties, maxJsonDepth) is { } error)
                    {
                        values.Truncate(mark);
                        inputs[i] = new ObjectInput { Class = collection, Refused = error };
                        continue;
                    }
                    properties = SentProperties.Of(new SentValue(values, mark.Nodes));
                }
                inputs[i] = new ObjectInput
                {
                    Id = id,
                    Class = collection.Length > 0 ? collection : null,
                    Tenant = o.Tenant.Length > 0 ? names.Get(o.Tenant) : null,
                    VectorValues = vector,
                    SentProperties = properties,
                };
            }
            return new BatchObjectMapping(inputs, sentUuids, values);
        }
        catch
        {
            values.Dispose();
            throw;
        }
    }

    public void Dispose() => _values.Dispose();

    /// <summary>
    /// Why the object cannot be mapped apart from its properties (written, and refused, as they are read), or null;
    /// otherwise its canonical id (null when it sent none) and its vector as float32 values (null when it has none),
    /// handed to Core as values (validation refuses NaN and infinities), never as JSON text.
    /// </summary>
    private static string? Identity(BatchObjectFields o, string uuid, out string? id, out float[]? vector)
    {
        id = null;
        vector = null;
        if (uuid.Length > 0 && (id = ObjectIds.Canonical(uuid)) is null) return $"invalid uuid '{uuid}': must be a UUID";
        if (VectorBytes(o, out var bytes) is { } refused) return refused;
        vector = bytes.IsEmpty ? DeprecatedVector(o.Bytes) : Floats(bytes);
        return null;
    }

    /// <summary>
    /// The bytes of the object's one vector (<c>vector_bytes</c>, or the unnamed / <c>default</c> entry of
    /// <c>vectors</c>; empty when neither was sent), or why they are refused.
    /// </summary>
    private static string? VectorBytes(BatchObjectFields o, out ReadOnlySpan<byte> bytes)
    {
        bytes = o.VectorBytes;
        if (!bytes.IsEmpty) return FloatsRefusal(bytes, "vector_bytes");
        var count = 0;
        var (start, length) = (0, 0);
        var reader = new ProtoWireReader(o.Bytes);
        while (!reader.End)
        {
            reader.TryReadTag(out var field, out var wireType); // the object's bytes were read once already
            if (field != BatchObjectFields.VectorsField || wireType != ProtoWireReader.LengthDelimited)
            {
                reader.TrySkip(wireType);
                continue;
            }
            reader.TryReadLengthDelimited(out var vectors);
            if (NamedVector.TryRead(vectors, out var named) is { } malformed) return malformed;
            // Barge keeps one (unnamed) vector per object; clients send it as a "default" entry next to
            // vector_bytes, or alone. Any other name is a named vector, which Barge does not store: refused, not dropped.
            if (named.Name is not ("" or "default"))
                return $"named vector '{named.Name}': Barge stores one unnamed vector per object; named vectors are not supported";
            if (named.Multi) return "multi-vectors are not supported: Barge stores one vector per object";
            // Where the entry's vector lies in the object's bytes, so that it can be handed out of this method.
            (start, length) = named.VectorBytes.IsEmpty ? (0, 0)
                : ((int)Unsafe.ByteOffset(ref MemoryMarshal.GetReference(o.Bytes), ref MemoryMarshal.GetReference(named.VectorBytes)), named.VectorBytes.Length);
            count++;
        }
        if (count > 1) return "more than one vector for the object: Barge stores one vector per object";
        bytes = o.Bytes.Slice(start, length);
        return FloatsRefusal(bytes, "vectors.vector_bytes");
    }

    private static string? FloatsRefusal(ReadOnlySpan<byte> bytes, string field) =>
        bytes.Length % 4 == 0 ? null : $"{field} must hold 4-byte float32 values, got {bytes.Length} bytes";

    private static float[] Floats(ReadOnlySpan<byte> bytes)
    {
        var values = new float[bytes.Length / 4];
        for (var i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..]);
        return values;
    }

    /// <summary>The deprecated <c>repeated float vector = 2</c> that older clients send, packed or not; null when absent.</summary>
    private static float[]? DeprecatedVector(ReadOnlySpan<byte> bytes)
    {
        List<float>? values = null;
        var reader = new ProtoWireReader(bytes);
        while (!reader.End)
        {
            reader.TryReadTag(out var field, out var wireType);
            if (field == BatchObjectFields.VectorField && wireType == ProtoWireReader.Fixed32)
            {
                reader.TryReadFixed32(out var bits);
                (values ??= []).Add(BitConverter.UInt32BitsToSingle(bits));
            }
            else if (field == BatchObjectFields.VectorField && wireType == ProtoWireReader.LengthDelimited)
            {
                reader.TryReadLengthDelimited(out var packed);
                values ??= [];
                for (var i = 0; i + 4 <= packed.Length; i += 4) values.Add(BinaryPrimitives.ReadSingleLittleEndian(packed[i..]));
            }
            else reader.TrySkip(wireType);
        }
        return values is { Count: > 0 } ? values.ToArray() : null;
    }

    /// <summary>Collection and tenant names of one batch, each made into a string once rather than once per object.</summary>
    private sealed class NameCache
    {
        private byte[] _lastBytes = [];
        private string _last = "";
        private byte[] _otherBytes = [];
        private string _other = "";

        /// <summary>A name that most objects of a batch share: the last two are kept.</summary>
        public string Get(ReadOnlySpan<byte> utf8)
        {
            if (utf8.SequenceEqual(_lastBytes)) return _last;
            if (utf8.SequenceEqual(_otherBytes))
            {
                (_lastBytes, _last, _otherBytes, _other) = (_otherBytes, _other, _lastBytes, _last);
                return _last;
            }
            (_otherBytes, _other) = (_lastBytes, _last);
            (_lastBytes, _last) = (utf8.ToArray(), Encoding.UTF8.GetString(utf8));
            return _last;
        }
    }
}
