using System.Text.Json.Nodes;
using Barge.Core.Filters;
using Barge.Core.Schema;
using Barge.Server.Grpc.Protocol;
using Barge.Server.Weaviate.Filters;

namespace Barge.Server.Grpc;

/// <summary>
/// The gRPC <see cref="Filters"/> message → Core's validated filter tree, the same tree REST's where filter becomes
/// (<see cref="WhereFilterParser"/> then <see cref="FilterValidator"/>), for BatchDelete, Search and Aggregate alike.
/// What is compared comes from <c>target</c> (a property, a reference hop to a single or named target collection,
/// or a reference count) or from the older <c>on</c> path. gRPC has no date or number-from-int value: a text compared
/// with a date property is a date, and a whole number compared with a number property is a number, as Weaviate reads them.
/// </summary>
internal static class FilterMapping
{
    /// <summary>The validated tree for <paramref name="cls"/>, or the message saying what is wrong with the filter.</summary>
    public static (FilterNode? Filter, string? Error) Map(Filters filters, ClassDefinition cls, Func<string, ClassDefinition?> lookupClass, FilterLimits limits)
    {
        FilterNode parsed;
        try
        {
            parsed = Node(filters, cls, lookupClass);
        }
        catch (FilterMappingException ex)
        {
            return (null, ex.Message);
        }
        return FilterValidator.Validate(parsed, cls, lookupClass, out var validated, limits) is { } invalid ? (null, invalid) : (validated, null);
    }

    private sealed class FilterMappingException(string message) : Exception(message);

    private static FilterNode Node(Filters f, ClassDefinition cls, Func<string, ClassDefinition?> lookupClass)
    {
        var op = Operator(f.Operator);
        if (op.IsCompound())
        {
            if (f.Filters_.Count == 0) throw new FilterMappingException($"operator '{op}', but no operands set - add at least one operand");
            if (op == FilterOperator.Not && f.Filters_.Count != 1)
                throw new FilterMappingException($"operator '{op}' requires exactly one operand, got {f.Filters_.Count}");
            return new CompoundFilter(op, f.Filters_.Select(o => Node(o, cls, lookupClass)).ToList());
        }
        var path = Path(f, cls, lookupClass, out var property);
        return new ClauseFilter(op, path, Value(f, op, property));
    }

    private static FilterOperator Operator(Filters.Types.Operator op) => op switch
    {
        Filters.Types.Operator.Equal => FilterOperator.Equal,
        Filters.Types.Operator.NotEqual => FilterOperator.NotEqual,
        Filters.Types.Operator.GreaterThan => FilterOperator.GreaterThan,
        Filters.Types.Operator.GreaterThanEqual => FilterOperator.GreaterThanEqual,
        Filters.Types.Operator.LessThan => FilterOperator.LessThan,
        Filters.Types.Operator.LessThanEqual => FilterOperator.LessThanEqual,
        Filters.Types.Operator.And => FilterOperator.And,
        Filters.Types.Operator.Or => FilterOperator.Or,
        Filters.Types.Operator.Not => FilterOperator.Not,
        Filters.Types.Operator.WithinGeoRange => FilterOperator.WithinGeoRange,
        Filters.Types.Operator.Like => FilterOperator.Like,
        Filters.Types.Operator.IsNull => FilterOperator.IsNull,
        Filters.Types.Operator.ContainsAny => FilterOperator.ContainsAny,
        Filters.Types.Operator.ContainsAll => FilterOperator.ContainsAll,
        Filters.Types.Operator.ContainsNone => FilterOperator.ContainsNone,
        _ => throw new FilterMappingException($"unrecognized operator: {op}"),
    };

    /// <summary>The REST-style path (property, or reference, class, property, …) and the compared property if it exists.</summary>
    private static List<string> Path(Filters f, ClassDefinition root, Func<string, ClassDefinition?> lookupClass, out PropertyDefinition? property)
    {
        var path = new List<string>();
        var current = root;
        var target = f.Target;
        if (target is null)
        {
#pragma warning disable CS0612 // the older path form is still accepted
            if (f.On.Count == 0) throw new FilterMappingException("filter has neither a target nor a path ('on')");
            if (f.On.Count % 2 == 0) throw new FilterMappingException($"missing an argument after '{f.On[^1]}'");
            path.AddRange(f.On);
#pragma warning restore CS0612
            for (var i = 0; i + 2 < path.Count && current is not null; i += 2) current = lookupClass(path[i + 1]);
            property = current is null ? null : Find(current, path[^1]);
            return path;
        }
        while (true)
        {
            switch (target.TargetCase)
            {
                case FilterTarget.TargetOneofCase.Property:
                    path.Add(target.Property);
                    property = current is null ? null : Find(current, target.Property);
                    return path;
                case FilterTarget.TargetOneofCase.Count:
                    // A reference property compared directly compares its number of references.
                    path.Add(target.Count.On);
                    property = null;
                    return path;
                case FilterTarget.TargetOneofCase.SingleTarget:
                    var single = target.SingleTarget;
                    var refProp = current is null ? null : Find(current, single.On);
                    // Not a reference (or no such property): the validator names the fault in Weaviate's words.
                    var targetClass = refProp?.DataType is { IsReference: true, TargetClasses.Count: > 0 } t ? t.TargetClasses[0] : "?";
                    path.Add(single.On);
                    path.Add(targetClass);
                    current = lookupClass(targetClass);
                    target = single.Target ?? throw new FilterMappingException($"reference filter on '{single.On}' has no target");
                    break;
                case FilterTarget.TargetOneofCase.MultiTarget:
                    var multi = target.MultiTarget;
                    path.Add(multi.On);
                    path.Add(multi.TargetCollection);
                    current = lookupClass(multi.TargetCollection);
                    target = multi.Target ?? throw new FilterMappingException($"reference filter on '{multi.On}' has no target");
                    break;
                default:
                    throw new FilterMappingException("filter target must name a property, a reference target or a reference count");
            }
        }
    }

    private static PropertyDefinition? Find(ClassDefinition cls, string name)
    {
        if (name.StartsWith("len(", StringComparison.Ordinal)) return null; // len(): compared as an int, whatever the property's type
        return cls.FindProperty(name) ?? cls.FindProperty(SchemaNames.PropertyNameFor(name));
    }

    private static FilterValue Value(Filters f, FilterOperator op, PropertyDefinition? property)
    {
        var primitive = property?.DataType.Primitive;
        switch (f.TestValueCase)
        {
            case Filters.TestValueOneofCase.ValueText:
                return primitive == PrimitiveType.Date
                    ? Scalar("valueDate", FilterValueType.Date, f.ValueText, JsonValue.Create(f.ValueText))
                    : Scalar("valueText", FilterValueType.Text, f.ValueText, JsonValue.Create(f.ValueText));
            case Filters.TestValueOneofCase.ValueInt:
                return primitive == PrimitiveType.Number
                    ? Scalar("valueNumber", FilterValueType.Number, (double)f.ValueInt, JsonValue.Create((double)f.ValueInt))
                    : Scalar("valueInt", FilterValueType.Int, f.ValueInt, JsonValue.Create(f.ValueInt));
            case Filters.TestValueOneofCase.ValueNumber:
                return Scalar("valueNumber", FilterValueType.Number, Finite("valueNumber", f.ValueNumber), JsonValue.Create(f.ValueNumber));
            case Filters.TestValueOneofCase.ValueBoolean:
                return Scalar("valueBoolean", FilterValueType.Boolean, f.ValueBoolean, JsonValue.Create(f.ValueBoolean));
            case Filters.TestValueOneofCase.ValueTextArray:
                return primitive == PrimitiveType.Date
                    ? Array("valueDateArray", FilterValueType.Date, f.ValueTextArray.Values.Select(v => (object)v))
                    : Array("valueTextArray", FilterValueType.Text, f.ValueTextArray.Values.Select(v => (object)v));
            case Filters.TestValueOneofCase.ValueIntArray:
                return primitive == PrimitiveType.Number
                    ? Array("valueNumberArray", FilterValueType.Number, f.ValueIntArray.Values.Select(v => (object)(double)v))
                    : Array("valueIntArray", FilterValueType.Int, f.ValueIntArray.Values.Select(v => (object)v));
            case Filters.TestValueOneofCase.ValueNumberArray:
                return Array("valueNumberArray", FilterValueType.Number, f.ValueNumberArray.Values.Select(v => (object)Finite("valueNumberArray", v)));
            case Filters.TestValueOneofCase.ValueBooleanArray:
                return Array("valueBooleanArray", FilterValueType.Boolean, f.ValueBooleanArray.Values.Select(v => (object)v));
            case Filters.TestValueOneofCase.ValueGeo:
                var g = f.ValueGeo;
                Finite("valueGeoRange.geoCoordinates.latitude", g.Latitude);
                Finite("valueGeoRange.geoCoordinates.longitude", g.Longitude);
                Finite("valueGeoRange.distance.max", g.Distance);
                if (g.Distance < 0) throw new FilterMappingException("valueGeoRange: field 'distance.max' must be a positive number");
                var raw = new JsonObject
                {
                    ["geoCoordinates"] = new JsonObject { ["latitude"] = g.Latitude, ["longitude"] = g.Longitude },
                    ["distance"] = new JsonObject { ["max"] = g.Distance },
                };
                return new FilterValue("valueGeoRange", FilterValueType.GeoRange, false, [], new GeoRange(g.Latitude, g.Longitude, g.Distance), raw);
            default:
                throw new FilterMappingException($"got operator '{op}', but no value<Type> field set");
        }
    }

    /// <summary>
    /// Protobuf carries NaN and infinities, JSON (REST's filter, the journal's record of it) cannot: refused here,
    /// naming the field, as REST refuses a number it cannot read.
    /// </summary>
    private static double Finite(string field, double value) =>
        double.IsFinite(value) ? value : throw new FilterMappingException($"field '{field}': must be a finite number, got {value}");

    private static FilterValue Scalar(string field, FilterValueType type, object value, JsonNode? raw) =>
        new(field, type, false, [value], null, raw!);

    private static FilterValue Array(string field, FilterValueType type, IEnumerable<object> values)
    {
        var items = values.ToList();
        // An empty array is "no value" in REST too.
        if (items.Count == 0) throw new FilterMappingException($"field '{field}': must have at least one value");
        var raw = new JsonArray(items.Select(v => v switch
        {
            string s => JsonValue.Create(s),
            long l => JsonValue.Create(l),
            double d => JsonValue.Create(d),
            bool b => (JsonNode?)JsonValue.Create(b),
            _ => null,
        }).ToArray());
        return new FilterValue(field, type, true, items, null, raw);
    }
}
