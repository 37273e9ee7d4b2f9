using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Barge.Server.Grpc;

/// <summary>
/// The properties of one request's objects as decoded from protobuf (<see cref="ProtoProperties"/>): a flat list of
/// values in document order (a container's members or items follow it, up to its <see cref="Node.End"/>) and the
/// UTF-8 of their names and texts, copied once from the request. Core's validation reads them through
/// <see cref="SentValue"/>. Written as a JSON writer is, so that each value is the value the same object sent as
/// JSON over REST holds (whole numbers as integers, references as beacon lists); nothing is written as JSON text.
/// </summary>
internal sealed class SentValues : IDisposable
{
    internal struct Node
    {
        public JsonValueKind Kind;
        /// <summary>A number that JSON would have written as an integer literal (then in <see cref="Integer"/>).</summary>
        public bool IsInteger;
        public int NameStart, NameLength;
        public int TextStart, TextLength;
        public long Integer;
        public double Number;
        /// <summary>One past the last node of this value (its members or items included).</summary>
        public int End;
    }

    private Node[] _nodes;
    private byte[] _bytes;
    private int[] _open = new int[16];
    private int _depth;
    private (int Start, int Length) _name;

    public SentValues(int objects)
    {
        _nodes = ArrayPool<Node>.Shared.Rent(Math.Max(16, objects * 8));
        _bytes = ArrayPool<byte>.Shared.Rent(Math.Max(256, objects * 256));
    }

    public int Count { get; private set; }
    private int ByteCount { get; set; }

    internal ref readonly Node this[int index] => ref _nodes[index];

    internal ReadOnlySpan<byte> Bytes(int start, int length) => _bytes.AsSpan(start, length);

    /// <summary>Where the next value will be written, to cut an object's values back to it when it fails.</summary>
    public (int Nodes, int Bytes) Mark => (Count, ByteCount);

    /// <summary>Drops every value written since <paramref name="mark"/>.</summary>
    public void Truncate((int Nodes, int Bytes) mark)
    {
        (Count, ByteCount) = mark;
        _depth = 0;
        _name = default;
    }

    public void WritePropertyName(ReadOnlySpan<byte> utf8) => _name = (Copy(utf8), utf8.Length);

    public void WritePropertyName(string name) => WritePropertyName(Encoding.UTF8.GetBytes(name));

    public void WriteStartObject() => Open(JsonValueKind.Object);

    public void WriteStartArray() => Open(JsonValueKind.Array);

    public void WriteStartArray(ReadOnlySpan<byte> name)
    {
        WritePropertyName(name);
        Open(JsonValueKind.Array);
    }

    public void WriteStartArray(string name)
    {
        WritePropertyName(name);
        Open(JsonValueKind.Array);
    }

    public void WriteEndObject() => Close();

    public void WriteEndArray() => Close();

    public void WriteStringValue(ReadOnlySpan<byte> utf8)
    {
        ref var node = ref Add(JsonValueKind.String);
        node.TextLength = utf8.Length;
        node.TextStart = Copy(utf8); // after Add: the node is written before the bytes grow
    }

    public void WriteStringValue(string text) => WriteStringValue(Encoding.UTF8.GetBytes(text));

    public void WriteString(string name, string text)
    {
        WritePropertyName(name);
        WriteStringValue(text);
    }

    public void WriteNumberValue(long value)
    {
        ref var node = ref Add(JsonValueKind.Number);
        node.IsInteger = true;
        node.Integer = value;
    }

    public void WriteNumberValue(double value) => Add(JsonValueKind.Number).Number = value;

    public void WriteBooleanValue(bool value) => Add(value ? JsonValueKind.True : JsonValueKind.False);

    public void WriteNullValue() => Add(JsonValueKind.Null);

    private void Open(JsonValueKind kind)
    {
        Add(kind);
        if (_depth == _open.Length) Array.Resize(ref _open, _depth * 2);
        _open[_depth++] = Count - 1;
    }

    private void Close() => _nodes[_open[--_depth]].End = Count;

    private ref Node Add(JsonValueKind kind)
    {
        if (Count == _nodes.Length) Grow(ref _nodes, Count * 2);
        ref var node = ref _nodes[Count];
        node = new Node { Kind = kind, NameStart = _name.Start, NameLength = _name.Length, End = Count + 1 };
        _name = default;
        Count++;
        return ref node;
    }

    private int Copy(ReadOnlySpan<byte> utf8)
    {
        if (ByteCount + utf8.Length > _bytes.Length) Grow(ref _bytes, Math.Max(_bytes.Length * 2, ByteCount + utf8.Length));
        var start = ByteCount;
        utf8.CopyTo(_bytes.AsSpan(start));
        ByteCount += utf8.Length;
        return start;
    }

    private static void Grow<T>(ref T[] array, int size)
    {
        var larger = ArrayPool<T>.Shared.Rent(size);
        array.AsSpan().CopyTo(larger);
        ArrayPool<T>.Shared.Return(array);
        array = larger;
    }

    /// <summary>The value at <paramref name="index"/> written as the JSON the same value sent over REST would be.</summary>
    internal void WriteJson(Utf8JsonWriter w, int index)
    {
        ref readonly var node = ref _nodes[index];
        switch (node.Kind)
        {
            case JsonValueKind.Object:
                w.WriteStartObject();
                for (var i = index + 1; i < node.End; i = _nodes[i].End)
                {
                    w.WritePropertyName(Bytes(_nodes[i].NameStart, _nodes[i].NameLength));
                    WriteJson(w, i);
                }
                w.WriteEndObject();
                break;
            case JsonValueKind.Array:
                w.WriteStartArray();
                for (var i = index + 1; i < node.End; i = _nodes[i].End) WriteJson(w, i);
                w.WriteEndArray();
                break;
            case JsonValueKind.String:
                w.WriteStringValue(Bytes(node.TextStart, node.TextLength));
                break;
            case JsonValueKind.Number when node.IsInteger:
                w.WriteNumberValue(node.Integer);
                break;
            case JsonValueKind.Number:
                w.WriteNumberValue(node.Number);
                break;
            case JsonValueKind.True or JsonValueKind.False:
                w.WriteBooleanValue(node.Kind == JsonValueKind.True);
                break;
            default:
                w.WriteNullValue();
                break;
        }
    }

    public void Dispose()
    {
        ArrayPool<Node>.Shared.Return(_nodes);
        ArrayPool<byte>.Shared.Return(_bytes);
        (_nodes, _bytes) = ([], []);
    }
}
