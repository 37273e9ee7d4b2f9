using System.Text.Json;

namespace Barge.Core.Objects.Validation;

public static partial class PropertyValidator
{
    /// <summary>The input's vector, from <see cref="ObjectInput.VectorValues"/> when the dialect gave values, else as JSON.</summary>
    public static ValueMessage? ValidateVector(ObjectInput input, out float[]? result)
    {
        if (input.VectorValues is not { } values) return ValidateVector(input.Vector, out result);
        result = null;
        for (var i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i]))
                return $"vector element [{i}] must be a finite number, but got {values[i].ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        if (values.Length > 0) result = values;
        return null;
    }

    /// <summary>
    /// Checks an object's <c>vector</c>: absent/null or an array of numbers that fit float32.
    /// Returns the error message, or null with <paramref name="result"/> set (null when there is no vector; an empty
    /// array also means "no vector", as in Weaviate).
    /// </summary>
    public static ValueMessage? ValidateVector(JsonElement? vector, out float[]? result)
    {
        result = null;
        if (vector is not { } given) return null;
        var kind = JsonValues.Kind(given);
        if (kind == JsonValueKind.Null) return null;
        if (kind != JsonValueKind.Array)
            return $"vector must be an array of numbers, but got {Shown.TypeOf(given)}";

        var count = given.GetArrayLength();
        if (count == 0) return null;

        var values = new float[count];
        var i = 0;
        foreach (var item in given.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number)
                return $"vector element [{i}] must be a number, but got {Shown.TypeOf(item)} '{Shown.Plain(item)}'";
            if (!JsonValues.TryParseNumber(item, out var d)
                || !float.IsFinite((float)d))
                return $"vector element [{i}] is out of the float32 range: {item.GetRawText()}";
            values[i++] = (float)d;
        }
        result = values;
        return null;
    }
}
