using System.Globalization;
using System.Text.Json;

namespace Barge.Core.Objects.Validation;

/// <summary>A <c>geoCoordinates</c> value: an object with numeric <c>latitude</c> and <c>longitude</c>.</summary>
internal static class GeoCoordinatesValue
{
    public static ValueResult Normalize<T>(T v, Utf8JsonWriter w) where T : struct, ISentValue<T>
    {
        if (JsonValues.Kind(v) != JsonValueKind.Object)
            return ValueResult.Fail($"geoCoordinates must be a map, but got: {Shown.TypeOf(v.ToJson())}");

        // Weaviate checks longitude before latitude; keep the order so the first reported problem matches.
        if (!v.TryGetMember("longitude", out var lonNode))
            return ValueResult.Fail("geoCoordinates is missing required field 'longitude'");
        if (!v.TryGetMember("latitude", out var latNode))
            return ValueResult.Fail("geoCoordinates is missing required field 'latitude'");

        if (Coordinate(lonNode, out var lon) is { } lonError) return ValueResult.Fail($"invalid longitude: {lonError}");
        if (Coordinate(latNode, out var lat) is { } latError) return ValueResult.Fail($"invalid latitude: {latError}");

        // Weaviate 1.25 stores out-of-range values silently; a geo index cannot use them, so we refuse them.
        if (lat is < -90 or > 90)
            return ValueResult.Fail($"invalid latitude: must be between -90 and 90, but got {Format(lat)}");
        if (lon is < -180 or > 180)
            return ValueResult.Fail($"invalid longitude: must be between -180 and 180, but got {Format(lon)}");

        w.WriteStartObject();
        w.WriteNumber("latitude", ToFloat32(lat));
        w.WriteNumber("longitude", ToFloat32(lon));
        w.WriteEndObject();
        return ValueResult.Ok;
    }

    /// <summary>
    /// Rounds to float32 precision (Weaviate stores float32), expressed as the double with the shortest float32
    /// text, so 52.366 is echoed as 52.366 rather than 52.36600112915039.
    /// </summary>
    private static double ToFloat32(double d) =>
        double.Parse(((float)d).ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static ValueMessage? Coordinate<T>(T node, out double value) where T : struct, ISentValue<T>
    {
        value = 0;
        if (node.Kind != JsonValueKind.Number)
            return $"must be json.Number or float, but got {Shown.TypeOf(node.ToJson())}";
        if (!node.TryGetDouble(out var d) || !double.IsFinite(d))
            return $"cannot interpret as float: {node.ToJson().GetRawText()}";
        value = d;
        return null;
    }

    private static string Format(double d) => d.ToString("R", CultureInfo.InvariantCulture);
}
