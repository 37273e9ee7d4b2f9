using Barge.Core.Query;
using Barge.Core.Query.References;
using Barge.Core.Schema;
using Barge.Core.Storage;
using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;
using GraphQLParser.AST;

namespace Barge.Server.GraphQL;

/// <summary>
/// <c>Get { Class(where, limit, offset, after, sort, nearVector, nearObject, bm25, hybrid, autocut, tenant) { … } }</c> mapped onto Core's
/// <see cref="QueryService.SearchAsync"/>, the same engine gRPC Search uses. The selection decides what is read: vectors
/// only when <c>_additional { vector }</c> is asked, references only for the reference fields selected (one Core
/// selection per <c>... on Class</c> fragment, nested as the fragments nest).
/// </summary>
internal static class GetField
{
    public static FieldType For(ClassDefinition cls, ObjectGraphType type, SharedTypes shared, QueryService queries, GraphQLLimits limits,
        Func<string, ClassDefinition?> classes)
    {
        var path = "GetObjects" + cls.Name;
        var sort = new InputObjectGraphType { Name = path + "SortInpObj" };
        sort.AddField(new FieldType { Name = "path", ResolvedType = new ListGraphType(new StringGraphType()) });
        sort.AddField(new FieldType { Name = "order", ResolvedType = shared.SortOrder });

        return new FieldType
        {
            Name = cls.Name, Description = cls.Description, ResolvedType = new ListGraphType(type),
            Arguments = new QueryArguments(
                new QueryArgument(WhereInput.Type(path)) { Name = "where" },
                new QueryArgument(new IntGraphType()) { Name = "limit" },
                new QueryArgument(new IntGraphType()) { Name = "offset" },
                new QueryArgument(new StringGraphType()) { Name = "after" },
                new QueryArgument(new ListGraphType(sort)) { Name = "sort" },
                new QueryArgument(NearInputs.Vector(path)) { Name = "nearVector" },
                new QueryArgument(NearInputs.Object(path)) { Name = "nearObject" },
                new QueryArgument(KeywordInputs.Bm25(path)) { Name = "bm25" },
                new QueryArgument(KeywordInputs.Hybrid(path, shared)) { Name = "hybrid" },
                new QueryArgument(new IntGraphType()) { Name = "autocut" },
                new QueryArgument(new StringGraphType()) { Name = "tenant" }),
            Resolver = new FuncFieldResolver<object?>(async ctx => await Errors.Guard(() => ResolveAsync(ctx, cls, queries, limits, classes))),
        };
    }

    private static async Task<object?> ResolveAsync(IResolveFieldContext ctx, ClassDefinition cls, QueryService queries, GraphQLLimits limits,
        Func<string, ClassDefinition?> classes)
    {
        var offset = Arguments.Int(ctx, "offset") ?? 0;
        var limit = Arguments.Int(ctx, "limit");
        // Weaviate caps a limit beyond QUERY_MAXIMUM_RESULTS silently in GraphQL rather than refusing it.
        if (limit is { } l && offset >= 0 && (long)offset + l > limits.QueryMaximumResults) limit = Math.Max(0, limits.QueryMaximumResults - offset);
        var query = new SearchQuery(cls.Name, Arguments.Tenant(ctx, cls))
        {
            Filter = WhereInput.Parse(Arguments.Value(ctx, "where")),
            Limit = limit,
            Offset = offset,
            After = Arguments.Value(ctx, "after") as string,
            Sort = Sort(Arguments.Value(ctx, "sort"), cls),
            Near = Arguments.Near(ctx, cls),
            Keyword = KeywordInputs.ReadBm25(ctx),
            Hybrid = KeywordInputs.ReadHybrid(ctx, cls),
            Autocut = Arguments.Int(ctx, "autocut"),
            ExplainScore = Selections.AsksAdditional(ctx.FieldAst.SelectionSet, ctx.Document, "explainScore"),
            IncludeVector = Selections.AsksAdditional(ctx.FieldAst.SelectionSet, ctx.Document, "vector"),
            References = Selections.References(ctx.FieldAst.SelectionSet, ctx.Document, cls, classes),
            FilteredInMatchOrder = true,
        };
        var result = await queries.SearchAsync(query, ctx.CancellationToken);
        return ObjectNode.Of(result);
    }

    private static IReadOnlyList<SortField> Sort(object? argument, ClassDefinition cls)
    {
        if (argument is not System.Collections.IEnumerable list) return [];
        var fields = new List<SortField>();
        foreach (var item in list)
        {
            if (item is not IDictionary<string, object?> sort) continue;
            var path = (sort.TryGetValue("path", out var p) ? p as System.Collections.IEnumerable : null)?.Cast<object?>().Select(o => o?.ToString() ?? "").ToList() ?? [];
            if (path.Count != 1) throw new ExecutionError($"sort: path must name one property, got {path.Count} elements");
            var name = path[0];
            if (name is not ("_creationTimeUnix" or "_lastUpdateTimeUnix" or "id" or "_id"))
            {
                name = SchemaNames.PropertyNameFor(name);
                if (cls.FindProperty(name) is null) throw new ExecutionError("sort: " + QueryMessages.NoSuchProperty(name, cls.Name));
            }
            fields.Add(new SortField(name, sort.TryGetValue("order", out var order) && order as string == "desc"));
        }
        return fields;
    }
}
