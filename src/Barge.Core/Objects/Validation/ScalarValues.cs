using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Barge.Core.Objects.Validation;

/// <summary>
/// Checks and normalizes one scalar value. Messages are the inner part of Weaviate's error; the caller adds
/// the <c>invalid &lt;type&gt; property 'p' on class 'C': </c> prefix.
/// </summary>
internal static class ScalarValues
{
    /// <summary>
    /// A string is stored as sent. Written from the parsed element when there is one: the request's bytes are copied
    /// instead of being decoded into a new string first, a third of the cost of long texts on the write path.
    /// </summary>
    public static ValueResult Text(JsonNode? v, Utf8JsonWriter w)
    {
        if (GoFormat.Kind(v) != JsonValueKind.String) return ValueResult.Fail($"not a string, but {GoFormat.TypeName(v)}");
        if (v is JsonValue value && value.TryGetValue<JsonElement>(out var element)) element.WriteTo(w);
        else v!.WriteTo(w);
        return ValueResult.Ok;
    }

    public static ValueResult Boolean(JsonNode? v, Utf8JsonWriter w)
    {
        var kind = GoFormat.Kind(v);
        if (kind is not (JsonValueKind.True or JsonValueKind.False)) return ValueResult.Fail($"not a bool, but {GoFormat.TypeName(v)}");
        w.WriteBooleanValue(kind == JsonValueKind.True);
        return ValueResult.Ok;
    }

    /// <summary>
    /// Like Go's <c>json.Number.Int64()</c>: only plain integer literals within int64 pass, so <c>1.0</c> and
    /// <c>1e3</c> are rejected exactly as Weaviate rejects them.
    /// </summary>
    public static ValueResult Int(JsonNode? v, Utf8JsonWriter w)
    {
        if (GoFormat.Kind(v) != JsonValueKind.Number)
            return ValueResult.Fail($"requires an integer, the given value is '{GoFormat.V(v)}'");
        var raw = GoFormat.NumberText(v!);
        if (!long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            return ValueResult.Fail($"the JSON number '{raw}' could not be converted to an int");
        w.WriteNumberValue(n);
        return ValueResult.Ok;
    }

    public static ValueResult Number(JsonNode? v, Utf8JsonWriter w)
    {
        if (GoFormat.Kind(v) != JsonValueKind.Number)
            return ValueResult.Fail($"requires a float, the given value is '{GoFormat.V(v)}'");
        var raw = GoFormat.NumberText(v!);
        // .NET parses out-of-range literals to infinity where Go's ParseFloat reports a range error.
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
            return ValueResult.Fail($"the JSON number '{raw}' could not be converted to a float.");
        w.WriteNumberValue(d);
        return ValueResult.Ok;
    }

    public static ValueResult Date(JsonNode? v, Utf8JsonWriter w)
    {
        var normalized = GoFormat.Kind(v) == JsonValueKind.String ? Rfc3339.Normalize(v!.GetValue<string>()) : null;
        if (normalized is null)
            return ValueResult.Fail($"requires a string with a RFC3339 formatted date, but the given value is '{GoFormat.V(v)}'");
        w.WriteStringValue(normalized);
        return ValueResult.Ok;
    }

    public static ValueResult Uuid(JsonNode? v, Utf8JsonWriter w)
    {
        var normalized = GoFormat.Kind(v) == JsonValueKind.String ? UuidText.NormalizeLenient(v!.GetValue<string>()) : null;
        if (normalized is null)
            return ValueResult.Fail($"requires a string of UUID format, but the given value is '{GoFormat.V(v)}'");
        w.WriteStringValue(normalized);
        return ValueResult.Ok;
    }

    /// <summary>Strict standard base64 with padding; an empty string is rejected, as in Weaviate.</summary>
    public static ValueResult Blob(JsonNode? v, Utf8JsonWriter w)
    {
        if (GoFormat.Kind(v) != JsonValueKind.String)
            return ValueResult.Fail($"not a blob base64 string, but {GoFormat.TypeName(v)}");
        var s = v!.GetValue<string>();
        if (!IsStrictBase64(s)) return ValueResult.Fail("not a valid blob base64 string");
        w.WriteStringValue(s);
        return ValueResult.Ok;
    }

    private static bool IsStrictBase64(string s)
    {
        if (s.Length == 0 || s.Length % 4 != 0) return false;
        var padding = s.EndsWith("==", StringComparison.Ordinal) ? 2 : s.EndsWith('=') ? 1 : 0;
        for (var i = 0; i < s.Length - padding; i++)
        {
            var c = s[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c == '+' || c == '/')) return false;
        }
        return true;
    }
}
