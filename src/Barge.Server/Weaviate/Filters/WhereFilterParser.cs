using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Barge.Core.Filters;
using Barge.Core.Schema;

namespace Barge.Server.Weaviate.Filters;

/// <summary>
/// Parses the REST <c>where</c> JSON into an unvalidated tree, reproducing Weaviate's filterext error texts and their
/// nesting: the operator is checked first (unprefixed), then value before path, each clause wrapped
/// <c>invalid where filter: </c>, operands prefixed <c>operand i: </c> (so nested errors repeat the wrapper, as in Go).
/// </summary>
public static partial class WhereFilterParser
{
    /// <summary>Value fields in the order Weaviate's extractors try them (matters for nothing but determinism).</summary>
    private static readonly (string Field, FilterValueType Type, bool IsArray)[] ValueFields =
    [
        ("valueInt", FilterValueType.Int, false), ("valueNumber", FilterValueType.Number, false),
        ("valueText", FilterValueType.Text, false), ("valueDate", FilterValueType.Date, false),
        ("valueBoolean", FilterValueType.Boolean, false), ("valueIntArray", FilterValueType.Int, true),
        ("valueNumberArray", FilterValueType.Number, true), ("valueTextArray", FilterValueType.Text, true),
        ("valueDateArray", FilterValueType.Date, true), ("valueBooleanArray", FilterValueType.Boolean, true),
        ("valueGeoRange", FilterValueType.GeoRange, false), ("valueString", FilterValueType.Text, false),
        ("valueStringArray", FilterValueType.Text, true),
    ];

    public static FilterParseResult Parse(JsonElement where)
    {
        try
        {
            return FilterParseResult.Ok(ParseNode(where));
        }
        catch (FilterParseException e)
        {
            return FilterParseResult.Fail(e.Message);
        }
    }

    private sealed class FilterParseException(string message) : Exception(message);

    private static FilterNode ParseNode(JsonElement where)
    {
        if (where.ValueKind != JsonValueKind.Object)
            throw new FilterParseException("invalid where filter: must be a JSON object");
        var opName = where.TryGetProperty("operator", out var opEl) && opEl.ValueKind == JsonValueKind.String ? opEl.GetString()! : "";
        if (!FilterOperators.TryParse(opName, out var op))
            throw new FilterParseException($"unrecognized operator: {opName}");
        try
        {
            return op.IsCompound() ? ParseCompound(where, op) : ParseClause(where, op);
        }
        catch (ClauseException e)
        {
            throw new FilterParseException("invalid where filter: " + e.Message);
        }
    }

    /// <summary>An error inside one clause, before the <c>invalid where filter: </c> wrapper is added.</summary>
    private sealed class ClauseException(string message) : Exception(message);

    private static FilterNode ParseCompound(JsonElement where, FilterOperator op)
    {
        // Go's nil check: "path": [] is set, "path": null is not.
        if (where.TryGetProperty("path", out var path) && path.ValueKind != JsonValueKind.Null)
            throw new ClauseException($"operator '{op}' not compatible with field 'path', remove 'path' or switch to compare operator (eg. Equal, NotEqual, etc.)");
        if (FindValues(where).Count > 0)
            throw new ClauseException($"operator '{op}' not compatible with field 'value<Type>', remove value field or switch to compare operator (eg. Equal, NotEqual, etc.)");
        if (!where.TryGetProperty("operands", out var operands) || operands.ValueKind != JsonValueKind.Array || operands.GetArrayLength() == 0)
            throw new ClauseException($"operator '{op}', but no operands set - add at least one operand");
        // Not is newer than 1.25; Weaviate negates a single operand.
        if (op == FilterOperator.Not && operands.GetArrayLength() != 1)
            throw new ClauseException($"operator '{op}' requires exactly one operand, got {operands.GetArrayLength()}");

        var parsed = new List<FilterNode>();
        var i = 0;
        foreach (var operand in operands.EnumerateArray())
        {
            try
            {
                parsed.Add(ParseNode(operand));
            }
            catch (FilterParseException e)
            {
                throw new ClauseException($"operand {i}: {e.Message}");
            }
            i++;
        }
        return new CompoundFilter(op, parsed);
    }

    private static ClauseFilter ParseClause(JsonElement where, FilterOperator op)
    {
        var values = FindValues(where);
        if (values.Count > 1)
            throw new ClauseException($"found more than one values the clause '{WhereFilterJson.Jsonify(where)}'");
        if (values.Count == 0)
            throw new ClauseException($"got operator '{op}', but no value<Type> field set");
        var value = values[0];

        if (!where.TryGetProperty("path", out var pathEl) || pathEl.ValueKind != JsonValueKind.Array || pathEl.GetArrayLength() == 0)
            throw new ClauseException("field 'path': must have at least one element");
        var path = new List<string>();
        foreach (var seg in pathEl.EnumerateArray())
        {
            if (seg.ValueKind != JsonValueKind.String)
                throw new ClauseException($"element {path.Count + 2} is not a string");
            path.Add(seg.GetString()!);
        }
        return new ClauseFilter(op, ValidatePath(path), value);
    }

    /// <summary>
    /// Weaviate prepends the root class and walks (class, property) pairs: an even-length path lacks a property,
    /// hop classes must look like class names, properties like property names (retried with a lower-case first letter).
    /// </summary>
    private static List<string> ValidatePath(List<string> path)
    {
        if (path.Count % 2 == 0)
            throw new ClauseException($"missing an argument after '{path[^1]}'");
        for (var i = 0; i < path.Count; i++)
        {
            var seg = path[i];
            if (i % 2 == 1)
            {
                if (!ClassName().IsMatch(seg))
                    throw new ClauseException($"Expected a valid class name in 'path' field for the filter but got '{seg}'");
                continue;
            }
            var lengthOf = LengthPath.Pattern().Match(seg);
            if (lengthOf.Success)
            {
                if (!PropertyName().IsMatch(lengthOf.Groups[1].Value))
                    throw new ClauseException($"Expected a valid property name in 'path' field for the filter, but got '{lengthOf.Groups[1].Value}'");
                continue;
            }
            if (PropertyName().IsMatch(seg)) continue;
            var lowered = SchemaNames.PropertyNameFor(seg);
            if (!PropertyName().IsMatch(lowered))
                throw new ClauseException($"Expected a valid property name in 'path' field for the filter, but got '{seg}'");
            path[i] = lowered;
        }
        return path;
    }

    [GeneratedRegex("^[A-Z][_0-9A-Za-z]*$")]
    private static partial Regex ClassName();

    [GeneratedRegex("^[_A-Za-z][_0-9A-Za-z]*$")]
    private static partial Regex PropertyName();

    /// <summary>All set value fields; empty arrays and nulls count as unset, as in Go.</summary>
    private static List<FilterValue> FindValues(JsonElement where)
    {
        var found = new List<FilterValue>();
        foreach (var (field, type, isArray) in ValueFields)
        {
            if (!where.TryGetProperty(field, out var el) || el.ValueKind == JsonValueKind.Null) continue;
            if (isArray)
            {
                if (el.ValueKind != JsonValueKind.Array)
                    throw new ClauseException($"field '{field}': must be an array");
                if (el.GetArrayLength() == 0) continue;
                var items = el.EnumerateArray().Select(e => Scalar(field, type, e)).ToList();
                found.Add(new FilterValue(field, type, true, items, null, JsonNode.Parse(el.GetRawText())!));
            }
            else if (type == FilterValueType.GeoRange)
            {
                found.Add(new FilterValue(field, type, false, [], ParseGeoRange(el), JsonNode.Parse(el.GetRawText())!));
            }
            else
            {
                found.Add(new FilterValue(field, type, false, [Scalar(field, type, el)], null, JsonNode.Parse(el.GetRawText())!));
            }
        }
        return found;
    }

    private static object Scalar(string field, FilterValueType type, JsonElement el)
    {
        switch (type)
        {
            case FilterValueType.Int when el.ValueKind == JsonValueKind.Number && el.TryGetInt64(out var l):
                return l;
            case FilterValueType.Number when el.ValueKind == JsonValueKind.Number:
                return el.GetDouble();
            case FilterValueType.Boolean when el.ValueKind is JsonValueKind.True or JsonValueKind.False:
                return el.GetBoolean();
            case FilterValueType.Text or FilterValueType.Date when el.ValueKind == JsonValueKind.String:
                return el.GetString()!;
            default:
                var expected = type switch
                {
                    FilterValueType.Int => "integer",
                    FilterValueType.Number => "number",
                    FilterValueType.Boolean => "boolean",
                    _ => "string",
                };
                throw new ClauseException($"field '{field}': must be of type {expected}");
        }
    }

    /// <summary>Same checks and order as Weaviate (distance first; a negative max is rejected, zero is allowed).</summary>
    private static GeoRange ParseGeoRange(JsonElement el)
    {
        if (el.ValueKind != JsonValueKind.Object)
            throw new ClauseException("field 'valueGeoRange': must be an object");
        if (!el.TryGetProperty("distance", out var distance) || distance.ValueKind != JsonValueKind.Object)
            throw new ClauseException("valueGeoRange: field 'distance' must be set");
        var max = distance.TryGetProperty("max", out var maxEl) && maxEl.ValueKind == JsonValueKind.Number ? maxEl.GetDouble() : 0;
        if (max < 0)
            throw new ClauseException("valueGeoRange: field 'distance.max' must be a positive number");
        if (!el.TryGetProperty("geoCoordinates", out var geo) || geo.ValueKind != JsonValueKind.Object)
            throw new ClauseException("valueGeoRange: field 'geoCoordinates' must be set");
        return new GeoRange(Coordinate(geo, "latitude"), Coordinate(geo, "longitude"), max);
    }

    private static double Coordinate(JsonElement geo, string name) =>
        geo.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : 0;
}
