using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Filters;
using Barge.Server.Weaviate.Filters;
using GraphQL;
using GraphQL.Types;

namespace Barge.Server.GraphQL;

/// <summary>
/// The <c>where</c> argument: Weaviate's input types (operator enum, path, value scalars, geo range, operands) per
/// class and function, and the argument turned into the REST where JSON that <see cref="WhereFilterParser"/> reads, so
/// GraphQL filters mean and fail exactly as REST's and gRPC's do. A list in <c>valueX</c> is <c>valueXArray</c>.
/// </summary>
internal static class WhereInput
{
    private static readonly string[] Operators =
    [
        "And", "Like", "Or", "Equal", "Not", "NotEqual", "GreaterThan", "GreaterThanEqual", "LessThan", "LessThanEqual",
        "WithinGeoRange", "IsNull", "ContainsAny", "ContainsAll", "ContainsNone",
    ];

    private static readonly string[] ValueFields = ["valueInt", "valueNumber", "valueBoolean", "valueString", "valueText", "valueDate"];

    /// <summary>The where input type for <paramref name="path"/> (e.g. <c>GetObjectsArticle</c>), Weaviate's type names.</summary>
    public static InputObjectGraphType Type(string path)
    {
        var op = new EnumerationGraphType { Name = path + "WhereOperatorEnum" };
        foreach (var name in Operators) op.Add(name, name);
        var geo = new InputObjectGraphType { Name = path + "WhereGeoRangeInpObj" };
        var coordinates = new InputObjectGraphType { Name = path + "WhereGeoRangeGeoCoordinatesInpObj" };
        coordinates.AddField(new FieldType { Name = "latitude", ResolvedType = new NonNullGraphType(new FloatGraphType()) });
        coordinates.AddField(new FieldType { Name = "longitude", ResolvedType = new NonNullGraphType(new FloatGraphType()) });
        var distance = new InputObjectGraphType { Name = path + "WhereGeoRangeDistanceInpObj" };
        distance.AddField(new FieldType { Name = "max", ResolvedType = new NonNullGraphType(new FloatGraphType()) });
        geo.AddField(new FieldType { Name = "geoCoordinates", ResolvedType = new NonNullGraphType(coordinates) });
        geo.AddField(new FieldType { Name = "distance", ResolvedType = new NonNullGraphType(distance) });

        var where = new InputObjectGraphType { Name = path + "WhereInpObj" };
        var operands = new InputObjectGraphType { Name = path + "WhereOperandsInpObj" };
        foreach (var type in new[] { where, operands })
        {
            type.AddField(new FieldType { Name = "operator", ResolvedType = op });
            type.AddField(new FieldType { Name = "path", ResolvedType = new ListGraphType(new StringGraphType()) });
            foreach (var field in ValueFields)
                type.AddField(new FieldType { Name = field, ResolvedType = new FilterValueGraphType(path + char.ToUpperInvariant(field[0]) + field[1..] + "Type") });
            type.AddField(new FieldType { Name = "valueGeoRange", ResolvedType = geo });
            type.AddField(new FieldType { Name = "operands", ResolvedType = new ListGraphType(operands) });
        }
        return where;
    }

    /// <summary>The parsed (not yet validated) filter of the argument, or null when there is none.</summary>
    /// <exception cref="ExecutionError">The filter does not parse; the message is the REST parser's.</exception>
    public static FilterNode? Parse(object? argument)
    {
        if (argument is null) return null;
        var json = JsonSerializer.SerializeToElement(Json(argument, null));
        var parsed = WhereFilterParser.Parse(json);
        return parsed.Filter ?? throw new ExecutionError(parsed.Error!);
    }

    private static JsonNode? Json(object? value, string? field) => value switch
    {
        null => null,
        IDictionary<string, object?> map => Object(map),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        int i => JsonValue.Create(i),
        double d => JsonValue.Create(d),
        float f => JsonValue.Create((double)f),
        decimal m => JsonValue.Create(m),
        System.Numerics.BigInteger n => JsonValue.Create((double)n),
        IEnumerable list => new JsonArray(list.Cast<object?>().Select(v => Json(v, field)).ToArray()),
        _ => JsonValue.Create(value.ToString()),
    };

    private static JsonObject Object(IDictionary<string, object?> map)
    {
        var o = new JsonObject();
        foreach (var (key, value) in map)
        {
            if (value is null) continue;
            // weaviate-ts-client sends valueTextArray as valueText:[…]; REST names the list valueTextArray.
            var name = key.StartsWith("value", StringComparison.Ordinal) && key != "valueGeoRange" && value is IEnumerable and not string
                ? key + "Array" : key;
            o[name] = Json(value, key);
        }
        return o;
    }
}
