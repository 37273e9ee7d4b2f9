using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Barge.Core.Objects.Validation;

/// <summary>Reads of a JSON value that validation needs, read in place from the request's bytes.</summary>
internal static class JsonValues
{
    /// <summary>The value's kind, with a missing value as null.</summary>
    public static JsonValueKind Kind(JsonElement value) => value.ValueKind == JsonValueKind.Undefined ? JsonValueKind.Null : value.ValueKind;

    /// <summary>The same for a sent value of any source.</summary>
    public static JsonValueKind Kind<T>(T value) where T : struct, ISentValue<T> =>
        value.Kind == JsonValueKind.Undefined ? JsonValueKind.Null : value.Kind;

    /// <summary>The value as a node over the same parsed bytes; null for JSON null.</summary>
    public static JsonNode? Node(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => JsonObject.Create(value),
        JsonValueKind.Array => JsonArray.Create(value),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => JsonValue.Create(value),
    };

    /// <summary>The literal UTF-8 of a JSON number, parsed in place (no string per number on the write path).</summary>
    public static ReadOnlySpan<byte> NumberUtf8(JsonElement number) => System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(number);

    /// <summary>
    /// A JSON number as a double, read from its literal. Out-of-range literals parse to infinity in .NET where Go's
    /// <c>ParseFloat</c> reports a range error, so callers check finiteness at the precision they store.
    /// </summary>
    public static bool TryParseNumber(JsonElement number, out double value) =>
        double.TryParse(NumberUtf8(number), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
