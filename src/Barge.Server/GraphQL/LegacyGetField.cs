using Barge.Core.Query;
using Barge.Core.Schema;
using GraphQL.Resolvers;
using GraphQL.Types;

namespace Barge.Server.GraphQL;

/// <summary>
/// Weaviate 0.x's <c>Get { Things { Class(where, limit) { prop uuid _certainty RefProp { ... on Class { … } } } } }</c>
/// (and <c>Actions</c>) on the same engine as v1's Get. 0.x's <c>explore</c> and <c>group</c> arguments needed its
/// contextionary, which Barge does not have, so they are not offered. 0.x had no paging beyond <c>limit</c>, no sort
/// and no tenants; a multi-tenant class (made through v1) is refused as v1's Get refuses it without a tenant.
/// </summary>
internal static class LegacyGetField
{
    public static FieldType For(ClassDefinition cls, string kindField, ObjectGraphType type, QueryService queries, GraphQLLimits limits,
        Func<string, ClassDefinition?> classes) => new()
        {
            Name = cls.Name, Description = cls.Description, ResolvedType = new ListGraphType(type),
            Arguments = new QueryArguments(
            new QueryArgument(WhereInput.Type("Get" + kindField + cls.Name)) { Name = "where" },
            new QueryArgument(new IntGraphType()) { Name = "limit" }),
            Resolver = new FuncFieldResolver<object?>(async ctx => await Errors.Guard(async () =>
            {
                var limit = Arguments.Int(ctx, "limit");
                // Capped silently beyond QUERY_MAXIMUM_RESULTS, as v1's Get caps it.
                if (limit > limits.QueryMaximumResults) limit = limits.QueryMaximumResults;
                var query = new SearchQuery(cls.Name, Arguments.Tenant(ctx, cls))
                {
                    Filter = WhereInput.Parse(Arguments.Value(ctx, "where")),
                    Limit = limit,
                    References = Selections.References(ctx.FieldAst.SelectionSet, ctx.Document, cls, classes),
                    FilteredInMatchOrder = true,
                };
                return ObjectNode.Of(await queries.SearchAsync(query, ctx.CancellationToken));
            })),
        };
}
