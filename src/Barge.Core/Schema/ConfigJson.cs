using System.Text.Json;
using System.Text.Json.Nodes;

namespace Barge.Core.Schema;

/// <summary>Small readers and a deep merge for the opaque JSON configuration objects of a class.</summary>
internal static class ConfigJson
{
    /// <summary>
    /// <paramref name="defaults"/> with every non-null value of <paramref name="given"/> laid over it, objects
    /// merged key by key: what the client sent comes back unchanged, what it left out is the default.
    /// </summary>
    public static JsonObject Merge(JsonObject defaults, JsonObject? given)
    {
        if (given is null) return defaults;
        foreach (var (key, value) in given)
        {
            if (value is null) continue;
            if (value is JsonObject o && defaults[key] is JsonObject d) Merge(d, o);
            else defaults[key] = value.DeepClone();
        }
        return defaults;
    }

    /// <summary>Any JSON number as a double, whether parsed from text or built in code from an int or long.</summary>
    public static double? Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            ? double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) : null;

    public static string? String(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static bool Bool(JsonNode? node) => node?.GetValueKind() == JsonValueKind.True;

    public static IEnumerable<string> Strings(JsonNode? node) =>
        node is JsonArray a ? a.Select(String).OfType<string>() : [];
}
