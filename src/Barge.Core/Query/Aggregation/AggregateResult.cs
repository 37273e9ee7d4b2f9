namespace Barge.Core.Query.Aggregation;

/// <summary>
/// The aggregation's answer. Without grouping: the number of objects aggregated and one aggregation per requested
/// property. With grouping: <see cref="Groups"/> (the largest first), each with its own count and aggregations;
/// <see cref="Count"/> is then still the total, and <see cref="Properties"/> is empty.
/// </summary>
public sealed record AggregateResult(long Count, IReadOnlyList<PropertyAggregation> Properties, IReadOnlyList<AggregateGroup>? Groups);

/// <summary>
/// The objects whose <paramref name="Property"/> holds <paramref name="Value"/>: a <see cref="string"/> (text, date,
/// uuid, a reference's beacon), a <see cref="long"/> (int), a <see cref="double"/> (number) or a <see cref="bool"/>.
/// </summary>
public sealed record AggregateGroup(string Property, object Value, long Count, IReadOnlyList<PropertyAggregation> Properties);

/// <summary>One property's aggregation; <paramref name="Type"/> is its data type as the schema names it (<c>cref</c> for references).</summary>
public abstract record PropertyAggregation(string Property, string Type);

/// <summary>
/// int, number (and their arrays, each element a value). With no values only <see cref="Count"/> (0) is set, as in
/// Weaviate. Median of an even count is the mean of the two middle values; the mode of a tie is the smallest value.
/// </summary>
public sealed record NumericAggregation(string Property, string Type, long Count, double? Minimum, double? Maximum, double? Mean,
    double? Median, double? Mode, double? Sum) : PropertyAggregation(Property, Type)
{
    /// <summary>An int property: minimum, maximum, mode and sum are whole numbers (gRPC sends them as int64).</summary>
    public bool IsInteger => Type is "int" or "int[]";
}

/// <summary>text (and text[]): the number of values and the most frequent ones, most frequent first, ties by value.</summary>
public sealed record TextAggregation(string Property, string Type, long Count, IReadOnlyList<TextOccurrence> TopOccurrences)
    : PropertyAggregation(Property, Type);

public sealed record TextOccurrence(string Value, long Occurs);

/// <summary>boolean (and boolean[]); percentages are fractions in [0, 1], 0 when there are no values.</summary>
public sealed record BooleanAggregation(string Property, string Type, long Count, long TotalTrue, long TotalFalse,
    double PercentageTrue, double PercentageFalse) : PropertyAggregation(Property, Type);

/// <summary>
/// date (and date[]), as RFC3339 text: minimum, maximum and mode as stored; the median of an even count between two
/// different instants is their midpoint in UTC (RFC3339 with nanoseconds). Only <see cref="Count"/> without values.
/// </summary>
public sealed record DateAggregation(string Property, string Type, long Count, string? Minimum, string? Maximum, string? Median, string? Mode)
    : PropertyAggregation(Property, Type);

/// <summary>A reference property: the distinct beacons its values point to (sorted).</summary>
public sealed record ReferenceAggregation(string Property, string Type, IReadOnlyList<string> PointingTo) : PropertyAggregation(Property, Type);
