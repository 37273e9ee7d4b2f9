using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Barge.Core.Objects.Validation;

public static partial class PropertyValidator
{
    /// <summary>
    /// Checks an object's <c>vector</c>: absent/null or an array of numbers that fit float32.
    /// Returns the error message, or null with <paramref name="result"/> set (null when there is no vector; an empty
    /// array also means "no vector", as in Weaviate).
    /// </summary>
    public static string? ValidateVector(JsonNode? vector, out float[]? result)
    {
        result = null;
        var kind = GoFormat.Kind(vector);
        if (kind == JsonValueKind.Null) return null;
        if (kind != JsonValueKind.Array)
            return $"vector must be an array of numbers, but got {GoFormat.TypeName(vector)}";

        var items = vector!.AsArray();
        if (items.Count == 0) return null;

        var values = new float[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (GoFormat.Kind(item) != JsonValueKind.Number)
                return $"vector element [{i}] must be a number, but got {GoFormat.TypeName(item)} '{GoFormat.V(item)}'";
            var raw = GoFormat.NumberText(item!);
            if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                || !float.IsFinite((float)d))
                return $"vector element [{i}] is out of the float32 range: {raw}";
            values[i] = (float)d;
        }
        result = values;
        return null;
    }
}
