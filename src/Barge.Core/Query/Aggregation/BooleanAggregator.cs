using System.Text.Json;
using System.Text.Json.Nodes;

namespace Barge.Core.Query.Aggregation;

/// <summary>boolean values: how many true and false, and their shares.</summary>
internal sealed class BooleanAggregator(string property, string type) : PropertyAggregator(property, type)
{
    private long _true;
    private long _false;

    protected override void AddValue(JsonNode value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.True: _true++; break;
            case JsonValueKind.False: _false++; break;
        }
    }

    public override PropertyAggregation Result()
    {
        var count = _true + _false;
        return count == 0
            ? new BooleanAggregation(Property, Type, 0, 0, 0, 0, 0)
            : new BooleanAggregation(Property, Type, count, _true, _false, (double)_true / count, (double)_false / count);
    }
}
