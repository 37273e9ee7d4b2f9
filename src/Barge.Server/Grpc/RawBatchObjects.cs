using System.Buffers;
using Barge.Server.Grpc.Protocol;
using Google.Protobuf;
using Grpc.Core;
using static Barge.Server.Grpc.ProtoWireReader;

namespace Barge.Server.Grpc;

/// <summary>
/// The objects of one batch as their encoded <c>BatchObject</c> bytes, in one pooled buffer, for
/// <see cref="BatchObjectMapping"/> to read without protobuf building a message, a string, a list and a
/// <c>ByteString</c> per field of every object first (those objects live as long as the batch takes to commit, so
/// the collector had to promote them: see bench/RESULTS.md). Returns the buffer to the pool when disposed.
/// </summary>
internal sealed class RawBatchObjects : IDisposable
{
    private byte[]? _buffer;
    private readonly List<(int Start, int Length)> _objects;

    private RawBatchObjects(byte[] buffer, List<(int Start, int Length)> objects) => (_buffer, _objects) = (buffer, objects);

    public int Count => _objects.Count;

    /// <summary>The encoded <c>BatchObject</c> at <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> this[int index]
    {
        get
        {
            var (start, length) = _objects[index];
            return (_buffer ?? throw new ObjectDisposedException(nameof(RawBatchObjects))).AsSpan(start, length);
        }
    }

    /// <summary>
    /// Reads a <c>BatchObjectsRequest</c> (<c>repeated BatchObject objects = 1; optional ConsistencyLevel
    /// consistency_level = 2;</c>) from its wire bytes: the objects stay bytes, unknown fields are skipped as protobuf
    /// skips them. A malformed envelope is refused INVALID_ARGUMENT, as a request protobuf cannot read is
    /// (<see cref="WeaviateServiceMethods"/>); an object whose own bytes are malformed fails alone, later, in the mapping.
    /// </summary>
    public static BatchObjectsRequest ReadRequest(ReadOnlySequence<byte> payload)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(payload.Length, 1));
        payload.CopyTo(buffer);
        var bytes = buffer.AsSpan(0, (int)payload.Length);
        var objects = new List<(int, int)>();
        var request = new BatchObjectsRequest();
        var reader = new ProtoWireReader(bytes);
        while (!reader.End)
        {
            var ok = reader.TryReadTag(out var field, out var wireType);
            if (ok && field == 1 && wireType == LengthDelimited)
            {
                ok = reader.TryReadLengthDelimited(out var value);
                if (ok) objects.Add((reader.Position - value.Length, value.Length));
            }
            else if (ok && field == 2 && wireType == Varint)
            {
                ok = reader.TryReadVarint(out var level);
                if (ok) request.ConsistencyLevel = (ConsistencyLevel)(int)level;
            }
            else if (ok) ok = reader.TrySkip(wireType);
            if (!ok)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throw new RpcException(new Status(StatusCode.InvalidArgument,
                    "the BatchObjectsRequest message cannot be read: a truncated or malformed field"));
            }
        }
        request.Raw = new RawBatchObjects(buffer, objects);
        return request;
    }

    /// <summary>Objects that arrived as messages (a batch stream's), encoded once into one buffer.</summary>
    public static RawBatchObjects FromMessages(IReadOnlyList<BatchObject> messages)
    {
        var sizes = new int[messages.Count];
        var total = 0;
        for (var i = 0; i < messages.Count; i++) total += sizes[i] = messages[i].CalculateSize();
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(total, 1));
        var objects = new List<(int, int)>(messages.Count);
        var position = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            messages[i].WriteTo(buffer.AsSpan(position, sizes[i]));
            objects.Add((position, sizes[i]));
            position += sizes[i];
        }
        return new RawBatchObjects(buffer, objects);
    }

    public void Dispose()
    {
        if (_buffer is { } buffer) ArrayPool<byte>.Shared.Return(buffer);
        _buffer = null;
    }
}
