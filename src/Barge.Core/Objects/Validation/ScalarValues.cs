using System.Text.Json;

namespace Barge.Core.Objects.Validation;

/// <summary>
/// Checks and normalizes one scalar value. Messages are the inner part of Weaviate's error; the caller adds
/// the <c>invalid &lt;type&gt; property 'p' on class 'C': </c> prefix.
/// </summary>
internal static class ScalarValues
{
    /// <summary>
    /// A string is stored as sent: the request's bytes are copied instead of being decoded into a new string first,
    /// a third of the cost of long texts on the write path.
    /// </summary>
    public static ValueResult Text<T>(T v, Utf8JsonWriter w) where T : struct, ISentValue<T>
    {
        if (v.Kind != JsonValueKind.String) return ValueResult.Fail($"not a string, but {Shown.TypeOf(v.ToJson())}");
        v.WriteString(w);
        return ValueResult.Ok;
    }

    public static ValueResult Boolean<T>(T v, Utf8JsonWriter w) where T : struct, ISentValue<T>
    {
        var kind = v.Kind;
        if (kind is not (JsonValueKind.True or JsonValueKind.False)) return ValueResult.Fail($"not a bool, but {Shown.TypeOf(v.ToJson())}");
        w.WriteBooleanValue(kind == JsonValueKind.True);
        return ValueResult.Ok;
    }

    /// <summary>
    /// Like Go's <c>json.Number.Int64()</c>: only plain integer literals within int64 pass, so <c>1.0</c> and
    /// <c>1e3</c> are rejected exactly as Weaviate rejects them.
    /// </summary>
    public static ValueResult Int<T>(T v, Utf8JsonWriter w) where T : struct, ISentValue<T>
    {
        if (v.Kind != JsonValueKind.Number)
            return ValueResult.Fail($"requires an integer, the given value is '{Shown.Plain(v.ToJson())}'");
        if (!v.TryGetInt64(out var n))
            return ValueResult.Fail($"the JSON number '{v.ToJson().GetRawText()}' could not be converted to an int");
        w.WriteNumberValue(n);
        return ValueResult.Ok;
    }

    public static ValueResult Number<T>(T v, Utf8JsonWriter w) where T : struct, ISentValue<T>
    {
        if (v.Kind != JsonValueKind.Number)
            return ValueResult.Fail($"requires a float, the given value is '{Shown.Plain(v.ToJson())}'");
        if (!v.TryGetDouble(out var d) || !double.IsFinite(d))
            return ValueResult.Fail($"the JSON number '{v.ToJson().GetRawText()}' could not be converted to a float.");
        w.WriteNumberValue(d);
        return ValueResult.Ok;
    }

    public static ValueResult Date<T>(T v, Utf8JsonWriter w) where T : struct, ISentValue<T>
    {
        var normalized = v.Kind == JsonValueKind.String ? Rfc3339.Normalize(v.GetString()) : null;
        if (normalized is null)
            return ValueResult.Fail($"requires a string with a RFC3339 formatted date, but the given value is '{Shown.Plain(v.ToJson())}'");
        w.WriteStringValue(normalized);
        return ValueResult.Ok;
    }

    public static ValueResult Uuid<T>(T v, Utf8JsonWriter w) where T : struct, ISentValue<T>
    {
        var normalized = v.Kind == JsonValueKind.String ? UuidText.NormalizeLenient(v.GetString()) : null;
        if (normalized is null)
            return ValueResult.Fail($"requires a string of UUID format, but the given value is '{Shown.Plain(v.ToJson())}'");
        w.WriteStringValue(normalized);
        return ValueResult.Ok;
    }

    /// <summary>Strict standard base64 with padding; an empty string is rejected, as in Weaviate.</summary>
    public static ValueResult Blob<T>(T v, Utf8JsonWriter w) where T : struct, ISentValue<T>
    {
        if (v.Kind != JsonValueKind.String)
            return ValueResult.Fail($"not a blob base64 string, but {Shown.TypeOf(v.ToJson())}");
        var s = v.GetString();
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
