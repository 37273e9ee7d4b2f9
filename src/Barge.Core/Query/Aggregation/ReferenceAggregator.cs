using System.Text.Json.Nodes;

namespace Barge.Core.Query.Aggregation;

/// <summary>Reference values: the distinct beacons pointed to.</summary>
internal sealed class ReferenceAggregator(string property, string type) : PropertyAggregator(property, type)
{
    private readonly SortedSet<string> _beacons = new(StringComparer.Ordinal);

    protected override void AddValue(JsonNode value)
    {
        if (value is JsonObject reference && reference["beacon"] is { } beacon && IsString(beacon)) _beacons.Add(beacon.GetValue<string>());
    }

    public override PropertyAggregation Result() => new ReferenceAggregation(Property, Type, _beacons.ToList());
}
