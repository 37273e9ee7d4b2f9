using System.Text.Json.Nodes;

namespace Barge.Core.Query.Aggregation;

/// <summary>text values: how many, and the most frequent (most first, ties by value in ordinal order, as Weaviate sorts them).</summary>
internal sealed class TextAggregator(string property, string type, int topLimit) : PropertyAggregator(property, type)
{
    private readonly Dictionary<string, long> _occurrences = new(StringComparer.Ordinal);
    private long _count;

    protected override void AddValue(JsonNode value)
    {
        if (!IsString(value)) return;
        var text = value.GetValue<string>();
        _count++;
        _occurrences[text] = _occurrences.GetValueOrDefault(text) + 1;
    }

    public override PropertyAggregation Result()
    {
        var top = _occurrences
            .OrderByDescending(o => o.Value).ThenBy(o => o.Key, StringComparer.Ordinal)
            .Take(Math.Max(topLimit, 0))
            .Select(o => new TextOccurrence(o.Key, o.Value)).ToList();
        return new TextAggregation(Property, Type, _count, top);
    }
}
