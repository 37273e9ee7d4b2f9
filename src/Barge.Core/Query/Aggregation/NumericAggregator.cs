using System.Text.Json.Nodes;

namespace Barge.Core.Query.Aggregation;

/// <summary>int and number values: count, minimum, maximum, sum, mean, and from the value counts the median and mode.</summary>
internal sealed class NumericAggregator(string property, string type) : PropertyAggregator(property, type)
{
    private readonly Dictionary<double, long> _counts = [];
    private long _count;
    private double _sum;

    protected override void AddValue(JsonNode value)
    {
        if (!IsNumber(value)) return;
        var number = value.GetValue<double>();
        _count++;
        _sum += number;
        _counts[number] = _counts.GetValueOrDefault(number) + 1;
    }

    public override PropertyAggregation Result()
    {
        if (_count == 0) return new NumericAggregation(Property, Type, 0, null, null, null, null, null, null);
        var ascending = _counts.OrderBy(c => c.Key).ToList();
        // The most frequent value; among equally frequent ones the smallest (Weaviate's tie rule).
        var mode = ascending.Aggregate((best, c) => c.Value > best.Value ? c : best).Key;
        return new NumericAggregation(Property, Type, _count, ascending[0].Key, ascending[^1].Key, _sum / _count,
            Median(ascending, _count), mode, _sum);
    }

    /// <summary>The middle value of the sorted values (as value, count pairs); for an even count the mean of the two middle ones.</summary>
    private static double Median(List<KeyValuePair<double, long>> ascending, long count)
    {
        var lower = ValueAt(ascending, (count - 1) / 2);
        var upper = ValueAt(ascending, count / 2);
        return lower == upper ? lower : (lower + upper) / 2;
    }

    /// <summary>The value at a 0-based position of the sorted values.</summary>
    private static double ValueAt(List<KeyValuePair<double, long>> ascending, long position)
    {
        foreach (var (value, n) in ascending)
        {
            if (position < n) return value;
            position -= n;
        }
        return ascending[^1].Key;
    }
}
