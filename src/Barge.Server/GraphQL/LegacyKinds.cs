using Barge.Core.Query;
using Barge.Core.Schema;
using Barge.Server.WeaviateLegacy;
using GraphQL.Resolvers;
using GraphQL.Types;

namespace Barge.Server.GraphQL;

/// <summary>
/// The kind level of Weaviate 0.x's GraphQL: <c>Things</c> and <c>Actions</c> under <c>Get</c>
/// (<c>GetThingsObj</c>) and <c>Aggregate</c> (<c>AggregateThingsObj</c>), each with a field per class of that kind.
/// A class made through v1 counts as a thing, as on the 0.x REST routes (<see cref="SemanticKinds"/>). A kind without
/// classes has no field (a GraphQL type needs one), nor does a kind whose name a v1 class already takes.
/// </summary>
internal static class LegacyKinds
{
    public static void AddGet(ObjectGraphType get, IReadOnlyList<ClassDefinition> classes, ClassTypes types, QueryService queries,
        GraphQLLimits limits, Func<string, ClassDefinition?> find) =>
        Add(get, "Get", classes, (cls, kindField) => LegacyGetField.For(cls, kindField, types[cls.Name], queries, limits, find));

    public static void AddAggregate(ObjectGraphType aggregate, IReadOnlyList<ClassDefinition> classes, QueryService queries) =>
        Add(aggregate, "Aggregate", classes, (cls, kindField) =>
            // Its type names (Aggregate{Kind}{Class}…) would be those of a v1 class named {Kind}{Class}: that class keeps them.
            classes.Any(c => c.Name == kindField + cls.Name) ? null : AggregateField.ForLegacy(cls, queries, kindField));

    private static void Add(ObjectGraphType parent, string function, IReadOnlyList<ClassDefinition> classes, Func<ClassDefinition, string, FieldType?> field)
    {
        foreach (var kind in SemanticKinds.All)
        {
            var kindField = ClassTypes.Capitalized(kind);
            if (parent.HasField(kindField)) continue;
            var type = new ObjectGraphType { Name = function + kindField + "Obj" };
            foreach (var cls in classes.Where(c => SemanticKinds.Of(c) == kind))
                if (field(cls, kindField) is { } f) type.AddField(f);
            if (type.Fields.Count == 0) continue;
            parent.AddField(new FieldType { Name = kindField, ResolvedType = type, Resolver = new FuncFieldResolver<object?>(_ => new object()) });
        }
    }
}
