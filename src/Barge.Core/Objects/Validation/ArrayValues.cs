using System.Text.Json;

namespace Barge.Core.Objects.Validation;

/// <summary>
/// Primitive arrays (<c>text[]</c>, <c>int[]</c>, …). Weaviate reports a bad element by printing the whole array,
/// and words <c>number[]</c> failures as "integer array" (sic); both are kept for compatibility.
/// </summary>
internal static class ArrayValues
{
    /// <param name="arrayName">Name used in "not a(n) X array" and "invalid X array value", e.g. <c>text</c>, <c>integer</c>.</param>
    /// <param name="article">"a" or "an", matching <paramref name="arrayName"/>.</param>
    public static ValueResult Normalize<T>(T v, Utf8JsonWriter w, string article, string arrayName, Func<T, Utf8JsonWriter, ValueResult> element)
        where T : struct, ISentValue<T>
    {
        if (JsonValues.Kind(v) != JsonValueKind.Array)
            return ValueResult.Fail($"not {article} {arrayName} array, but {Shown.TypeOf(v.ToJson())}");

        w.WriteStartArray();
        var items = v.Items();
        while (v.NextItem(ref items, out var item))
            if (element(item, w).Failed) return ValueResult.Fail($"invalid {arrayName} array value: {Shown.AsText(v.ToJson())}");
        w.WriteEndArray();
        return ValueResult.Ok;
    }
}
