using System.Text.Json.Nodes;

namespace Barge.Core.Filters;

/// <summary>The type a value field carries; <c>valueString</c> counts as <see cref="Text"/>.</summary>
public enum FilterValueType { Int, Number, Text, Boolean, Date, GeoRange }

/// <summary>A <c>valueGeoRange</c>: centre point and maximum distance in meters.</summary>
public sealed record GeoRange(double Latitude, double Longitude, double MaxDistanceMeters);

/// <summary>
/// The one value field of a leaf clause as parsed: which JSON field it came from (kept for echoing and error texts),
/// its type, and its items (one for scalar fields). Items are <see cref="long"/> (valueInt), <see cref="double"/>
/// (valueNumber), <see cref="bool"/> (valueBoolean) or <see cref="string"/> (text, string, date — dates stay strings
/// until validation so that the parse step never rejects what Weaviate's parser accepts).
/// </summary>
public sealed record FilterValue(string Field, FilterValueType Type, bool IsArray, IReadOnlyList<object> Items, GeoRange? Geo, JsonNode Raw)
{
    /// <summary>
    /// The value-type name Weaviate prints in messages, derived from the type rather than the field:
    /// <c>valueIntArray</c> → <c>valueInt</c>, <c>valueStringArray</c> → <c>valueString</c>, <c>valueGeoRange</c> → <c>valueGeoCoordinates</c>.
    /// </summary>
    public string TypeName => Type switch
    {
        FilterValueType.Int => "valueInt",
        FilterValueType.Number => "valueNumber",
        FilterValueType.Boolean => "valueBoolean",
        FilterValueType.Date => "valueDate",
        FilterValueType.GeoRange => "valueGeoCoordinates",
        _ => Field.StartsWith("valueString", StringComparison.Ordinal) ? "valueString" : "valueText",
    };
}
