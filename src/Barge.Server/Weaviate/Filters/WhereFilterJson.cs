using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Filters;

namespace Barge.Server.Weaviate.Filters;

/// <summary>
/// Re-serializes a parsed filter the way Weaviate's Go model does (DELETE /v1/batch/objects echoes <c>match.where</c>):
/// keys in the model's field order, <c>operands</c> and <c>path</c> always present (null when unset), value fields omitted when unset.
/// </summary>
public static class WhereFilterJson
{
    /// <summary>Go struct order of models.WhereFilter's value fields (alphabetical).</summary>
    private static readonly string[] ValueFieldOrder =
    [
        "valueBoolean", "valueBooleanArray", "valueDate", "valueDateArray", "valueGeoRange", "valueInt", "valueIntArray",
        "valueNumber", "valueNumberArray", "valueString", "valueStringArray", "valueText", "valueTextArray",
    ];

    /// <summary>Echo of a tree from <see cref="WhereFilterParser"/>; validated nodes have no wire form.</summary>
    public static JsonObject ToJson(FilterNode node) => node switch
    {
        CompoundFilter c => new JsonObject
        {
            ["operands"] = new JsonArray(c.Operands.Select(o => (JsonNode?)ToJson(o)).ToArray()),
            ["operator"] = c.Operator.ToString(),
            ["path"] = null,
        },
        ClauseFilter l => new JsonObject
        {
            ["operands"] = null,
            ["operator"] = l.Operator.ToString(),
            ["path"] = new JsonArray(l.Path.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray()),
            [l.Value.Field] = l.Value.Raw.DeepClone(),
        },
        _ => throw new ArgumentException($"{node.GetType().Name} is not a parsed where filter", nameof(node)),
    };

    /// <summary>The raw clause as Go's json.Marshal would print it inside error messages.</summary>
    internal static string Jsonify(JsonElement clause)
    {
        var o = new JsonObject();
        o["operands"] = clause.TryGetProperty("operands", out var ops) && ops.ValueKind == JsonValueKind.Array
            ? new JsonArray(ops.EnumerateArray().Select(e => (JsonNode?)JsonNode.Parse(e.ValueKind == JsonValueKind.Object ? Jsonify(e) : e.GetRawText())).ToArray())
            : null;
        if (clause.TryGetProperty("operator", out var op)) o["operator"] = JsonNode.Parse(op.GetRawText());
        o["path"] = clause.TryGetProperty("path", out var path) ? JsonNode.Parse(path.GetRawText()) : null;
        foreach (var field in ValueFieldOrder)
        {
            if (!clause.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null) continue;
            if (v.ValueKind == JsonValueKind.Array && v.GetArrayLength() == 0) continue;
            o[field] = JsonNode.Parse(v.GetRawText());
        }
        return o.ToJsonString();
    }
}
