using Barge.Core.Objects;
using Barge.Core.Query;
using Barge.Core.Schema;
using GraphQL.Resolvers;
using GraphQL.Types;

namespace Barge.Server.GraphQL;

/// <summary>
/// The GraphQL schema generated from the classes, as Weaviate shapes it: root <c>WeaviateObj</c> with <c>Get</c>
/// (<c>GetObjectsObj</c>, a field per class) and <c>Aggregate</c> (<c>AggregateObjectsObj</c>). It is rebuilt when the
/// classes or their properties change (tenants and settings that GraphQL does not show leave it as it is).
/// <c>Get</c> and <c>Aggregate</c> also carry Weaviate 0.x's kind level (<c>Get { Things { Class { … } } }</c>,
/// <see cref="LegacyKinds"/>).
/// </summary>
public sealed class GraphQLSchemas(SchemaService schema, QueryService queries, ObjectOptions options)
{
    private readonly Lock _lock = new();
    private IReadOnlyList<ClassDefinition>? _classes;
    private string? _fingerprint;
    private ISchema? _current;

    public ISchema Current
    {
        get
        {
            var classes = schema.Classes;
            lock (_lock)
            {
                if (ReferenceEquals(classes, _classes) && _current is not null) return _current;
                var fingerprint = Fingerprint(classes);
                if (fingerprint != _fingerprint || _current is null)
                {
                    _current = Build(classes);
                    _fingerprint = fingerprint;
                }
                _classes = classes;
                return _current;
            }
        }
    }

    private static string Fingerprint(IReadOnlyList<ClassDefinition> classes) =>
        string.Join("\n", classes.Select(c => c.Name + "|" + c.SemanticKind + "|" + c.MultiTenancyEnabled + "|" + string.Join(",", c.Properties.Select(Property))));

    private static string Property(PropertyDefinition p) =>
        p.Name + ":" + string.Join("/", p.DataTypeNames) + (p.NestedProperties is { } nested ? "{" + string.Join(",", nested.Select(Property)) + "}" : "");

    private ISchema Build(IReadOnlyList<ClassDefinition> classes)
    {
        var root = new ObjectGraphType { Name = "WeaviateObj" };
        if (classes.Count == 0)
        {
            // A GraphQL object type needs a field: without classes, Get answers null (Weaviate has nothing to Get either).
            var emptyGet = new ObjectGraphType { Name = "GetObjectsObj" };
            emptyGet.AddField(new FieldType { Name = "_empty", ResolvedType = new StringGraphType(), Resolver = new FuncFieldResolver<object?>(_ => null) });
            root.AddField(new FieldType { Name = "Get", ResolvedType = emptyGet, Resolver = new FuncFieldResolver<object?>(_ => new object()) });
        }
        else
        {
            var types = new ClassTypes(classes);
            var shared = new SharedTypes();
            var limits = new GraphQLLimits(options.QueryMaximumResults);
            var get = new ObjectGraphType { Name = "GetObjectsObj" };
            var aggregate = new ObjectGraphType { Name = "AggregateObjectsObj" };
            foreach (var cls in classes)
            {
                get.AddField(GetField.For(cls, types[cls.Name], shared, queries, limits, schema.Find));
                aggregate.AddField(AggregateField.For(cls, queries, shared));
            }
            LegacyKinds.AddGet(get, classes, types, queries, limits, schema.Find);
            LegacyKinds.AddAggregate(aggregate, classes, queries);
            root.AddField(new FieldType { Name = "Get", ResolvedType = get, Resolver = new FuncFieldResolver<object?>(_ => new object()) });
            root.AddField(new FieldType { Name = "Aggregate", ResolvedType = aggregate, Resolver = new FuncFieldResolver<object?>(_ => new object()) });
        }
        // Names exactly as generated: class names are capitalized, and GraphQL.NET would camel-case them by default.
        var built = new Schema { Query = root, NameConverter = global::GraphQL.Conversion.DefaultNameConverter.Instance };
        built.Initialize();
        return built;
    }
}
