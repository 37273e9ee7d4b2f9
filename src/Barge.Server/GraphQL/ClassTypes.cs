using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Schema;
using GraphQL.Resolvers;
using GraphQL.Types;

namespace Barge.Server.GraphQL;

/// <summary>
/// The object type of each class in Get results, named after the class as in Weaviate: one field per property (typed
/// from the data type; nested objects get their own types, references a union <c>{Class}{Prop}Obj</c> of their target
/// classes, read with <c>... on Class { … }</c>) and <c>_additional</c> (<c>{Class}Additional</c>). Every type is made
/// before any field, so that references may point at any class, the class itself included.
/// The 0.x reads (<c>Get { Things { Class { … } } }</c>) use the same types, since a fragment names the class in both
/// dialects: each type also has 0.x's <c>uuid</c> and <c>_certainty</c>, and each reference property a second field
/// under its capitalized 0.x name (<see cref="LegacyFieldNames"/>).
/// </summary>
internal sealed class ClassTypes
{
    private readonly Dictionary<string, ObjectGraphType> _types = new(StringComparer.Ordinal);
    private readonly ObjectGraphType _geo = Geo();
    private readonly ObjectGraphType _phone = Phone();

    public ClassTypes(IReadOnlyList<ClassDefinition> classes)
    {
        foreach (var cls in classes) _types[cls.Name] = new ObjectGraphType { Name = cls.Name, Description = cls.Description };
        foreach (var cls in classes) Fill(cls);
    }

    public ObjectGraphType this[string cls] => _types[cls];

    private void Fill(ClassDefinition cls)
    {
        var type = _types[cls.Name];
        foreach (var p in cls.Properties)
        {
            var dataType = p.DataType;
            if (dataType.IsReference)
            {
                var targets = dataType.TargetClasses.Where(_types.ContainsKey).ToList();
                // A reference to a class that no longer exists is left out, as Weaviate leaves it out.
                if (targets.Count == 0) continue;
                var union = new UnionGraphType { Name = cls.Name + Capitalized(p.Name) + "Obj" };
                foreach (var t in targets) union.AddPossibleType(_types[t]);
                union.ResolveType = o => o is ObjectNode n && _types.TryGetValue(n.Object.Class, out var found) ? found : null;
                var name = p.Name;
                foreach (var field in new[] { p.Name, LegacyFieldNames.Reference(p) }.Distinct())
                    type.AddField(new FieldType
                    {
                        Name = field, Description = p.Description, ResolvedType = new ListGraphType(union),
                        Resolver = new FuncFieldResolver<object?>(ctx => ctx.Source is ObjectNode n && n.References.TryGetValue(name, out var r) ? r : null),
                    });
                continue;
            }
            type.AddField(PropertyField(p, cls.Name + Capitalized(p.Name)));
        }
        type.AddField(new FieldType
        {
            Name = "_additional", ResolvedType = Additional(cls.Name), Resolver = new FuncFieldResolver<object?>(ctx => ctx.Source),
        });
        // A v1 class may have a property called uuid; the property then keeps the name.
        if (cls.FindProperty(LegacyFieldNames.Uuid) is null)
            type.AddField(new FieldType { Name = LegacyFieldNames.Uuid, ResolvedType = new StringGraphType(), Resolver = Node(n => n.Object.Id) });
        if (cls.FindProperty(LegacyFieldNames.Certainty) is null)
            type.AddField(new FieldType { Name = LegacyFieldNames.Certainty, ResolvedType = new FloatGraphType(), Resolver = Node(n => n.Certainty) });
    }

    private FieldType PropertyField(PropertyDefinition p, string typePath)
    {
        var dataType = p.DataType;
        IGraphType element = dataType.Primitive switch
        {
            PrimitiveType.Int => new IntGraphType(),
            PrimitiveType.Number => new FloatGraphType(),
            PrimitiveType.Boolean => new BooleanGraphType(),
            PrimitiveType.GeoCoordinates => _geo,
            PrimitiveType.PhoneNumber => _phone,
            PrimitiveType.Object => Nested(p.NestedProperties ?? [], typePath + "Object"),
            _ => new StringGraphType(),
        };
        var name = p.Name;
        var primitive = dataType.Primitive;
        return new FieldType
        {
            Name = p.Name, Description = p.Description,
            ResolvedType = dataType.IsArray ? new ListGraphType(element) : element,
            Resolver = new FuncFieldResolver<object?>(ctx => Value(PropertiesOf(ctx.Source)?[name], primitive)),
        };
    }

    private ObjectGraphType Nested(IReadOnlyList<PropertyDefinition> properties, string name)
    {
        var type = new ObjectGraphType { Name = name };
        foreach (var p in properties) type.AddField(PropertyField(p, name[..^"Object".Length] + Capitalized(p.Name)));
        return type;
    }

    /// <summary>Top-level properties come from the object; nested ones, geo coordinates and phone numbers from their JSON object.</summary>
    private static JsonObject? PropertiesOf(object? source) => source switch
    {
        ObjectNode n => n.Object.Properties,
        JsonObject o => o,
        _ => null,
    };

    /// <summary>A stored value as the GraphQL type of its property reads it; a value of another kind is null rather than an error.</summary>
    internal static object? Value(JsonNode? node, PrimitiveType primitive)
    {
        switch (node)
        {
            case null: return null;
            case JsonArray a: return a.Select(v => Value(v, primitive)).ToList();
            case JsonObject o: return o;
        }
        var kind = node.GetValueKind();
        return primitive switch
        {
            PrimitiveType.Int when kind == JsonValueKind.Number => node.AsValue().TryGetValue(out long l)
                ? (l is >= int.MinValue and <= int.MaxValue ? (int)l : l) : (object)(long)node.GetValue<double>(),
            PrimitiveType.Number when kind == JsonValueKind.Number => node.GetValue<double>(),
            PrimitiveType.Boolean when kind is JsonValueKind.True or JsonValueKind.False => node.GetValue<bool>(),
            _ when kind == JsonValueKind.String => node.GetValue<string>(),
            PrimitiveType.Text or PrimitiveType.Date or PrimitiveType.Uuid or PrimitiveType.Blob => node.ToJsonString(),
            _ => null,
        };
    }

    private static ObjectGraphType Additional(string cls)
    {
        var type = new ObjectGraphType { Name = cls + "Additional" };
        type.AddField(new FieldType { Name = "id", ResolvedType = new StringGraphType(), Resolver = Node(n => n.Object.Id) });
        type.AddField(new FieldType { Name = "vector", ResolvedType = new ListGraphType(new FloatGraphType()), Resolver = Node(n => n.Object.Vector?.Select(f => (double)f).ToList() ?? []) });
        type.AddField(new FieldType { Name = "distance", ResolvedType = new FloatGraphType(), Resolver = Node(n => n.Distance is { } d ? (double)d : null) });
        type.AddField(new FieldType { Name = "certainty", ResolvedType = new FloatGraphType(), Resolver = Node(n => n.Certainty) });
        // Weaviate answers a keyword or hybrid score as a string (its single-precision value, shortest form).
        type.AddField(new FieldType { Name = "score", ResolvedType = new StringGraphType(), Resolver = Node(n => n.Score?.ToString(System.Globalization.CultureInfo.InvariantCulture)) });
        type.AddField(new FieldType { Name = "explainScore", ResolvedType = new StringGraphType(), Resolver = Node(n => n.ExplainScore) });
        // Weaviate answers the times as strings of milliseconds.
        type.AddField(new FieldType { Name = "creationTimeUnix", ResolvedType = new StringGraphType(), Resolver = Node(n => n.Object.CreationTimeUnix.ToString(System.Globalization.CultureInfo.InvariantCulture)) });
        type.AddField(new FieldType { Name = "lastUpdateTimeUnix", ResolvedType = new StringGraphType(), Resolver = Node(n => n.Object.LastUpdateTimeUnix.ToString(System.Globalization.CultureInfo.InvariantCulture)) });
        return type;
    }

    private static FuncFieldResolver<object?> Node(Func<ObjectNode, object?> read) =>
        new(ctx => ctx.Source is ObjectNode n ? read(n) : null);

    private static ObjectGraphType Geo()
    {
        var type = new ObjectGraphType { Name = "GeoCoordinates" };
        foreach (var name in new[] { "latitude", "longitude" })
            type.AddField(new FieldType { Name = name, ResolvedType = new FloatGraphType(), Resolver = Json(name, PrimitiveType.Number) });
        return type;
    }

    private static ObjectGraphType Phone()
    {
        var type = new ObjectGraphType { Name = "PhoneNumber" };
        foreach (var name in new[] { "input", "internationalFormatted", "defaultCountry", "nationalFormatted" })
            type.AddField(new FieldType { Name = name, ResolvedType = new StringGraphType(), Resolver = Json(name, PrimitiveType.Text) });
        foreach (var name in new[] { "countryCode", "national" })
            type.AddField(new FieldType { Name = name, ResolvedType = new IntGraphType(), Resolver = Json(name, PrimitiveType.Int) });
        type.AddField(new FieldType { Name = "valid", ResolvedType = new BooleanGraphType(), Resolver = Json("valid", PrimitiveType.Boolean) });
        return type;
    }

    private static FuncFieldResolver<object?> Json(string name, PrimitiveType primitive) =>
        new(ctx => ctx.Source is JsonObject o ? Value(o[name], primitive) : null);

    internal static string Capitalized(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];
}
