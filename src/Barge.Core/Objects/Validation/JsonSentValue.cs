using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Barge.Core.Schema;

namespace Barge.Core.Objects.Validation;

/// <summary>A sent value that is a parsed JSON element (REST, the 0.x dialect, HAT, trees made into elements), read in place.</summary>
public readonly struct JsonSentValue(JsonElement element) : ISentValue<JsonSentValue>
{
    public JsonElement Element => element;

    public JsonValueKind Kind => element.ValueKind;

    public string GetString() => element.GetString()!;

    /// <summary>Copies the request's bytes rather than decoding them into a string first.</summary>
    public void WriteString(Utf8JsonWriter w) => element.WriteTo(w);

    /// <summary>The bytes as sent, quotes and escapes left out: never fewer than the text's.</summary>
    public int StringUtf8BytesAtLeast => JsonMarshal.GetRawUtf8Value(element).Length - 2;

    public bool TryGetInt64(out long value) =>
        long.TryParse(JsonValues.NumberUtf8(element), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    public bool TryGetDouble(out double value) => JsonValues.TryParseNumber(element, out value);

    public bool TryGetMember(string name, out JsonSentValue value)
    {
        var found = element.TryGetProperty(name, out var member);
        value = new JsonSentValue(member);
        return found;
    }

    public SentCursor Items() => new() { JsonItems = element.EnumerateArray() };

    public bool NextItem(ref SentCursor cursor, out JsonSentValue item)
    {
        var moved = cursor.JsonItems.MoveNext();
        item = moved ? new JsonSentValue(cursor.JsonItems.Current) : default;
        return moved;
    }

    public SentCursor Members() => new() { JsonMembers = element.EnumerateObject() };

    public bool NextMember(ref SentCursor cursor, out JsonSentValue value)
    {
        var moved = cursor.JsonMembers.MoveNext();
        value = moved ? new JsonSentValue(cursor.JsonMembers.Current.Value) : default;
        return moved;
    }

    public string MemberName(in SentCursor cursor) => cursor.JsonMembers.Current.Name;

    public bool MemberNameStartsLowerAscii(in SentCursor cursor)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(cursor.JsonMembers.Current);
        return raw.IsEmpty || raw[0] is >= (byte)'a' and <= (byte)'z';
    }

    public PropertyDefinition? PropertyOf(ClassDefinition cls, in SentCursor cursor) => PropertyKeys.Find(cls, cursor.JsonMembers.Current);

    public JsonElement ToJson() => element;
}
