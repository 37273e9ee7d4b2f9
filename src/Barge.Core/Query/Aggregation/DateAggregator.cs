using System.Text.Json.Nodes;

namespace Barge.Core.Query.Aggregation;

/// <summary>date values: count, earliest, latest, median and mode, compared as instants and answered as the stored text.</summary>
internal sealed class DateAggregator(string property, string type) : PropertyAggregator(property, type)
{
    /// <summary>Per instant: the first text seen for it (one instant may be written with different offsets) and how often.</summary>
    private readonly SortedDictionary<Int128, (string Text, long Count)> _instants = [];
    private long _count;

    protected override void AddValue(JsonNode value)
    {
        if (!IsString(value) || !DateInstant.TryParse(value.GetValue<string>(), out var instant)) return;
        _count++;
        _instants[instant] = _instants.TryGetValue(instant, out var seen) ? (seen.Text, seen.Count + 1) : (value.GetValue<string>(), 1);
    }

    public override PropertyAggregation Result()
    {
        if (_count == 0) return new DateAggregation(Property, Type, 0, null, null, null, null);
        var ascending = _instants.ToList();
        // The most frequent instant; among equally frequent ones the earliest.
        var mode = ascending.Aggregate((best, c) => c.Value.Count > best.Value.Count ? c : best);
        return new DateAggregation(Property, Type, _count, ascending[0].Value.Text, ascending[^1].Value.Text, Median(ascending), mode.Value.Text);
    }

    /// <summary>The middle instant; for an even count between two different instants, their midpoint.</summary>
    private string Median(List<KeyValuePair<Int128, (string Text, long Count)>> ascending)
    {
        var lower = At(ascending, (_count - 1) / 2);
        var upper = At(ascending, _count / 2);
        return lower.Key == upper.Key ? lower.Value.Text : DateInstant.Format(lower.Key + (upper.Key - lower.Key) / 2);
    }

    private static KeyValuePair<Int128, (string Text, long Count)> At(List<KeyValuePair<Int128, (string Text, long Count)>> ascending, long position)
    {
        foreach (var entry in ascending)
        {
            if (position < entry.Value.Count) return entry;
            position -= entry.Value.Count;
        }
        return ascending[^1];
    }
}
