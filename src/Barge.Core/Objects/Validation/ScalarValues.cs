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
    /// A string is stored as sent. A clone rather than <c>JsonValue.Create(GetValue&lt;string&gt;())</c>: a value
    /// parsed from the request shares the parsed bytes instead of being decoded into a new string, a third of the
    /// cost of long texts on the write path.
    /// </summary>
    public static ValueResult Text(JsonNode? v) =>
        GoFormat.Kind(v) == JsonValueKind.String
            ? ValueResult.Ok(v!.DeepClone())
            : ValueResult.Fail($"not a string, but {GoFormat.TypeName(v)}");

    public static ValueResult Boolean(JsonNode? v) => GoFormat.Kind(v) switch
    {
        JsonValueKind.True => ValueResult.Ok(JsonValue.Create(true)),
        JsonValueKind.False => ValueResult.Ok(JsonValue.Create(false)),
        _ => ValueResult.Fail($"not a bool, but {GoFormat.TypeName(v)}"),
    };

    /// <summary>
    /// Like Go's <c>json.Number.Int64()</c>: only plain integer literals within int64 pass, so <c>1.0</c> and
    /// <c>1e3</c> are rejected exactly as Weaviate rejects them.
    /// </summary>
    public static ValueResult Int(JsonNode? v)
    {
        if (GoFormat.Kind(v) != JsonValueKind.Number)
            return ValueResult.Fail($"requires an integer, the given value is '{GoFormat.V(v)}'");
        var raw = GoFormat.NumberText(v!);
        return long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? ValueResult.Ok(JsonValue.Create(n))
            : ValueResult.Fail($"the JSON number '{raw}' could not be converted to an int");
    }

    public static ValueResult Number(JsonNode? v)
    {
        if (GoFormat.Kind(v) != JsonValueKind.Number)
            return ValueResult.Fail($"requires a float, the given value is '{GoFormat.V(v)}'");
        var raw = GoFormat.NumberText(v!);
        // .NET parses out-of-range literals to infinity where Go's ParseFloat reports a range error.
        return double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            ? ValueResult.Ok(JsonValue.Create(d))
            : ValueResult.Fail($"the JSON number '{raw}' could not be converted to a float.");
    }

    public static ValueResult Date(JsonNode? v)
    {
        var normalized = GoFormat.Kind(v) == JsonValueKind.String ? Rfc3339.Normalize(v!.GetValue<string>()) : null;
        return normalized is not null
            ? ValueResult.Ok(JsonValue.Create(normalized))
            : ValueResult.Fail($"requires a string with a RFC3339 formatted date, but the given value is '{GoFormat.V(v)}'");
    }

    public static ValueResult Uuid(JsonNode? v)
    {
        var normalized = GoFormat.Kind(v) == JsonValueKind.String ? UuidText.NormalizeLenient(v!.GetValue<string>()) : null;
        return normalized is not null
            ? ValueResult.Ok(JsonValue.Create(normalized))
            : ValueResult.Fail($"requires a string of UUID format, but the given value is '{GoFormat.V(v)}'");
    }

    /// <summary>Strict standard base64 with padding; an empty string is rejected, as in Weaviate.</summary>
    public static ValueResult Blob(JsonNode? v)
    {
        if (GoFormat.Kind(v) != JsonValueKind.String)
            return ValueResult.Fail($"not a blob base64 string, but {GoFormat.TypeName(v)}");
        var s = v!.GetValue<string>();
        return IsStrictBase64(s)
            ? ValueResult.Ok(JsonValue.Create(s))
            : ValueResult.Fail("not a valid blob base64 string");
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
