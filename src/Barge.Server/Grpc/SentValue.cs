using System.Buffers;
using System.Text;
using System.Text.Json;
using Barge.Core.Objects.Validation;
using Barge.Core.Schema;

namespace Barge.Server.Grpc;

/// <summary>
/// One value of a gRPC object's properties (<see cref="SentValues"/>), as Core's validation reads sent values: the
/// protobuf adapter of <see cref="ISentValue{TSelf}"/>. It holds what the wire gave (numbers as their float64 or
/// int64, texts as their UTF-8), and means what the same value sent as JSON means.
/// </summary>
internal readonly struct SentValue(SentValues values, int index) : ISentValue<SentValue>
{
    private ref readonly SentValues.Node Node => ref values[index];

    public JsonValueKind Kind => Node.Kind;

    public string GetString() => Encoding.UTF8.GetString(Text);

    public void WriteString(Utf8JsonWriter w) => w.WriteStringValue(Text);

    public int StringUtf8BytesAtLeast => Node.TextLength;

    private ReadOnlySpan<byte> Text => values.Bytes(Node.TextStart, Node.TextLength);

    public bool TryGetInt64(out long value)
    {
        value = Node.Integer;
        return Node.IsInteger;
    }

    public bool TryGetDouble(out double value)
    {
        value = Node.IsInteger ? Node.Integer : Node.Number;
        return true;
    }

    public bool TryGetMember(string name, out SentValue value)
    {
        value = default;
        var found = false;
        var utf8 = Encoding.UTF8.GetBytes(name);
        for (var i = index + 1; i < Node.End; i = values[i].End)
        {
            if (!Name(i).SequenceEqual(utf8)) continue;
            value = new SentValue(values, i); // the last one, as a JSON element finds it
            found = true;
        }
        return found;
    }

    public SentCursor Items() => new() { Next = index + 1, End = Node.End };

    public bool NextItem(ref SentCursor cursor, out SentValue item)
    {
        if (cursor.Next >= cursor.End)
        {
            item = default;
            return false;
        }
        item = new SentValue(values, cursor.Current = cursor.Next);
        cursor.Next = values[cursor.Next].End;
        return true;
    }

    public SentCursor Members() => Items();

    public bool NextMember(ref SentCursor cursor, out SentValue value) => NextItem(ref cursor, out value);

    public string MemberName(in SentCursor cursor) => Encoding.UTF8.GetString(Name(cursor.Current));

    public bool MemberNameStartsLowerAscii(in SentCursor cursor) =>
        Name(cursor.Current) is var name && (name.IsEmpty || name[0] is >= (byte)'a' and <= (byte)'z');

    public PropertyDefinition? PropertyOf(ClassDefinition cls, in SentCursor cursor) => PropertyKeys.Find(cls, Name(cursor.Current));

    public JsonElement ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true })) values.WriteJson(w, index);
        using var document = JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = 1 << 16 });
        return document.RootElement.Clone();
    }

    private ReadOnlySpan<byte> Name(int node) => values.Bytes(values[node].NameStart, values[node].NameLength);
}
