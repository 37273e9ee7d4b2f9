using System.Globalization;
using Barge.Core.Query;
using Barge.Core.Query.Aggregation;
using Barge.Core.Schema;
using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;

namespace Barge.Server.GraphQL;

/// <summary>
/// <c>Aggregate { Class(where, groupBy, nearVector, nearObject, hybrid, objectLimit, limit, tenant) { meta { count }
/// groupedBy { path value } prop { count minimum … topOccurrences(limit) { value occurs } … } } }</c> mapped onto Core's
/// <see cref="QueryService.AggregateAsync"/>, as gRPC Aggregate is. Only the properties selected are aggregated. The
/// answer is a list: one element, or one per group (the largest first).
/// The 0.x form <c>Aggregate { Things { Class(where, groupBy, limit) { … } } }</c> is the same field with 0.x's
/// arguments and type names, its reference properties under their capitalized names (<see cref="LegacyFieldNames"/>).
/// </summary>
internal static class AggregateField
{
    private sealed record Node(long Count, string? GroupProperty, string? GroupValue, IReadOnlyList<PropertyAggregation> Properties);

    public static FieldType For(ClassDefinition cls, QueryService queries, SharedTypes shared) =>
        Build(cls, queries, "Aggregate" + cls.Name, legacy: false, shared);

    /// <summary>The field of a class under <c>Aggregate { Things|Actions { … } }</c> (type names <c>Aggregate{Kind}{Class}…</c>).</summary>
    public static FieldType ForLegacy(ClassDefinition cls, QueryService queries, string kindField) =>
        Build(cls, queries, "Aggregate" + kindField + cls.Name, legacy: true, shared: null);

    private static FieldType Build(ClassDefinition cls, QueryService queries, string path, bool legacy, SharedTypes? shared)
    {
        var type = new ObjectGraphType { Name = path };
        var meta = new ObjectGraphType { Name = path + "MetaObject" };
        meta.AddField(new FieldType { Name = "count", ResolvedType = new IntGraphType(), Resolver = Read<Node>(n => n.Count) });
        type.AddField(new FieldType { Name = "meta", ResolvedType = meta, Resolver = new FuncFieldResolver<object?>(ctx => ctx.Source) });
        var groupedBy = new ObjectGraphType { Name = path + "GroupedByObj" };
        groupedBy.AddField(new FieldType { Name = "path", ResolvedType = new ListGraphType(new StringGraphType()), Resolver = Read<Node>(n => new[] { n.GroupProperty }) });
        groupedBy.AddField(new FieldType { Name = "value", ResolvedType = new StringGraphType(), Resolver = Read<Node>(n => n.GroupValue) });
        type.AddField(new FieldType { Name = "groupedBy", ResolvedType = groupedBy, Resolver = new FuncFieldResolver<object?>(ctx => ctx.Source is Node { GroupProperty: not null } n ? n : null) });
        foreach (var p in cls.Properties)
            if (PropertyType(path + ClassTypes.Capitalized(p.Name), p) is { } propertyType)
            {
                var name = p.Name;
                type.AddField(new FieldType
                {
                    Name = legacy && p.DataType.IsReference ? LegacyFieldNames.Reference(p) : p.Name, ResolvedType = propertyType,
                    Resolver = Read<Node>(n => n.Properties.FirstOrDefault(a => a.Property == name)),
                });
            }

        var arguments = new QueryArguments(
            new QueryArgument(WhereInput.Type(path)) { Name = "where" },
            new QueryArgument(new ListGraphType(new StringGraphType())) { Name = "groupBy" },
            new QueryArgument(new IntGraphType()) { Name = "limit" });
        if (shared is not null)
        {
            arguments.Add(new QueryArgument(NearInputs.Vector(path)) { Name = "nearVector" });
            arguments.Add(new QueryArgument(NearInputs.Object(path)) { Name = "nearObject" });
            arguments.Add(new QueryArgument(KeywordInputs.Hybrid(path, shared)) { Name = "hybrid" });
            arguments.Add(new QueryArgument(new IntGraphType()) { Name = "objectLimit" });
            arguments.Add(new QueryArgument(new StringGraphType()) { Name = "tenant" });
        }
        return new FieldType
        {
            Name = cls.Name, ResolvedType = new ListGraphType(type), Arguments = arguments,
            Resolver = new FuncFieldResolver<object?>(async ctx => await Errors.Guard(() => ResolveAsync(ctx, cls, queries))),
        };
    }

    private static async Task<object?> ResolveAsync(IResolveFieldContext ctx, ClassDefinition cls, QueryService queries)
    {
        var groupBy = (Arguments.Value(ctx, "groupBy") as System.Collections.IEnumerable)?.Cast<object?>().Select(o => o?.ToString() ?? "").ToList();
        if (groupBy is { Count: not 1 }) throw new ExecutionError($"groupBy: path must name one property, got {groupBy.Count} elements");
        var properties = new List<AggregateProperty>();
        foreach (var field in Selections.Fields(ctx.FieldAst.SelectionSet, ctx.Document))
        {
            if (LegacyFieldNames.PropertyOf(cls, field.Name.StringValue) is not { } property || properties.Any(p => p.Name == property.Name)) continue;
            var name = property.Name;
            var top = Selections.Fields(field.SelectionSet, ctx.Document).FirstOrDefault(f => f.Name.StringValue == "topOccurrences");
            var limit = top?.Arguments?.FirstOrDefault(a => a.Name.StringValue == "limit")?.Value switch
            {
                GraphQLParser.AST.GraphQLIntValue i => int.Parse(i.Value.ToString(), CultureInfo.InvariantCulture),
                // From a variable: the field resolver applies it; Core keeps every value meanwhile.
                GraphQLParser.AST.GraphQLVariable => int.MaxValue,
                _ => 5,
            };
            properties.Add(new AggregateProperty(name, limit));
        }
        var query = new AggregateQuery(cls.Name, Arguments.Tenant(ctx, cls))
        {
            Filter = WhereInput.Parse(Arguments.Value(ctx, "where")),
            Near = Arguments.Near(ctx, cls),
            Hybrid = KeywordInputs.ReadHybrid(ctx, cls),
            ObjectLimit = Arguments.Int(ctx, "objectLimit"),
            GroupBy = groupBy is [var by] ? SchemaNames.PropertyNameFor(by) : null,
            GroupLimit = Arguments.Int(ctx, "limit"),
            Properties = properties,
        };
        var result = await queries.AggregateAsync(query, ctx.CancellationToken);
        if (result.Groups is null) return new[] { new Node(result.Count, null, null, result.Properties) };
        return result.Groups.Select(g => new Node(g.Count, g.Property, GroupValue(g.Value), g.Properties)).ToList();
    }

    private static string GroupValue(object value) => value switch
    {
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>The aggregation type of a property (Weaviate's field names), or null for the types it does not aggregate.</summary>
    private static ObjectGraphType? PropertyType(string name, PropertyDefinition p)
    {
        var type = new ObjectGraphType { Name = name + "Obj" };
        switch (p.DataType.Primitive)
        {
            case PrimitiveType.Int or PrimitiveType.Number:
                type.AddField(Count<NumericAggregation>(a => a.Count));
                foreach (var (field, read) in new (string, Func<NumericAggregation, double?>)[]
                         {
                             ("minimum", a => a.Minimum), ("maximum", a => a.Maximum), ("mean", a => a.Mean), ("median", a => a.Median),
                             ("mode", a => a.Mode), ("sum", a => a.Sum),
                         })
                    type.AddField(new FieldType { Name = field, ResolvedType = new FloatGraphType(), Resolver = Read<NumericAggregation>(a => read(a)) });
                break;
            case PrimitiveType.Text:
                type.AddField(Count<TextAggregation>(a => a.Count));
                var occurrence = new ObjectGraphType { Name = name + "TopOccurrencesResult" };
                occurrence.AddField(new FieldType { Name = "value", ResolvedType = new StringGraphType(), Resolver = Read<TextOccurrence>(o => o.Value) });
                occurrence.AddField(new FieldType { Name = "occurs", ResolvedType = new IntGraphType(), Resolver = Read<TextOccurrence>(o => o.Occurs) });
                type.AddField(new FieldType
                {
                    Name = "topOccurrences", ResolvedType = new ListGraphType(occurrence),
                    Arguments = new QueryArguments(new QueryArgument(new IntGraphType()) { Name = "limit" }),
                    Resolver = new FuncFieldResolver<object?>(ctx => ctx.Source is TextAggregation t
                        ? t.TopOccurrences.Take(Arguments.Int(ctx, "limit") ?? 5).ToList() : null),
                });
                break;
            case PrimitiveType.Boolean:
                type.AddField(Count<BooleanAggregation>(a => a.Count));
                type.AddField(new FieldType { Name = "totalTrue", ResolvedType = new IntGraphType(), Resolver = Read<BooleanAggregation>(a => a.TotalTrue) });
                type.AddField(new FieldType { Name = "totalFalse", ResolvedType = new IntGraphType(), Resolver = Read<BooleanAggregation>(a => a.TotalFalse) });
                type.AddField(new FieldType { Name = "percentageTrue", ResolvedType = new FloatGraphType(), Resolver = Read<BooleanAggregation>(a => a.PercentageTrue) });
                type.AddField(new FieldType { Name = "percentageFalse", ResolvedType = new FloatGraphType(), Resolver = Read<BooleanAggregation>(a => a.PercentageFalse) });
                break;
            case PrimitiveType.Date:
                type.AddField(Count<DateAggregation>(a => a.Count));
                foreach (var (field, read) in new (string, Func<DateAggregation, string?>)[]
                         {
                             ("minimum", a => a.Minimum), ("maximum", a => a.Maximum), ("median", a => a.Median), ("mode", a => a.Mode),
                         })
                    type.AddField(new FieldType { Name = field, ResolvedType = new StringGraphType(), Resolver = Read<DateAggregation>(a => read(a)) });
                break;
            case PrimitiveType.Reference:
                type.AddField(new FieldType { Name = "pointingTo", ResolvedType = new ListGraphType(new StringGraphType()), Resolver = Read<ReferenceAggregation>(a => a.PointingTo) });
                break;
            default:
                return null;
        }
        type.AddField(new FieldType { Name = "type", ResolvedType = new StringGraphType(), Resolver = Read<PropertyAggregation>(a => a.Type) });
        return type;
    }

    private static FieldType Count<T>(Func<T, long> read) =>
        new() { Name = "count", ResolvedType = new IntGraphType(), Resolver = Read<T>(a => read(a)) };

    private static FuncFieldResolver<object?> Read<T>(Func<T, object?> read) => new(ctx => ctx.Source is T t ? read(t) : null);
}
