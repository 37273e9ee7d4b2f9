using Barge.Core.Query;
using GraphQL;
using GraphQL.Types;

namespace Barge.Server.GraphQL;

/// <summary>
/// Get's <c>bm25: {query, properties}</c> and <c>hybrid: {query, alpha, vector, properties, fusionType}</c> arguments:
/// their input types (per class, named as Weaviate names them) and their reading into Core's searches.
/// </summary>
internal static class KeywordInputs
{
    public static InputObjectGraphType Bm25(string path)
    {
        var type = new InputObjectGraphType { Name = path + "HybridGetBm25InpObj" };
        type.AddField(new FieldType { Name = "query", ResolvedType = new StringGraphType() });
        type.AddField(new FieldType { Name = "properties", ResolvedType = new ListGraphType(new StringGraphType()) });
        return type;
    }

    public static InputObjectGraphType Hybrid(string path, SharedTypes shared)
    {
        var type = new InputObjectGraphType { Name = path + "HybridInpObj" };
        type.AddField(new FieldType { Name = "query", ResolvedType = new StringGraphType() });
        type.AddField(new FieldType { Name = "alpha", ResolvedType = new FloatGraphType() });
        type.AddField(new FieldType { Name = "vector", ResolvedType = new ListGraphType(new FloatGraphType()) });
        type.AddField(new FieldType { Name = "properties", ResolvedType = new ListGraphType(new StringGraphType()) });
        type.AddField(new FieldType { Name = "fusionType", ResolvedType = shared.FusionType });
        type.AddField(TargetVectors.Field());
        return type;
    }

    /// <summary>The <c>bm25</c> argument, or null.</summary>
    public static Bm25Search? ReadBm25(IResolveFieldContext ctx) =>
        Arguments.Value(ctx, "bm25") is IDictionary<string, object?> map
            ? new Bm25Search(map.TryGetValue("query", out var q) && q is string query ? query : "", Strings(map, "properties"))
            : null;

    /// <summary>The <c>hybrid</c> argument, or null; alpha defaults to Weaviate's 0.75, the fusion to relative score.</summary>
    public static HybridSearch? ReadHybrid(IResolveFieldContext ctx, Core.Schema.ClassDefinition cls)
    {
        if (Arguments.Value(ctx, "hybrid") is not IDictionary<string, object?> map) return null;
        TargetVectors.Check(map, cls);
        var alpha = map.TryGetValue("alpha", out var a) && a is not null
            ? Convert.ToDouble(a, System.Globalization.CultureInfo.InvariantCulture) : HybridSearch.DefaultAlpha;
        var vector = (map.TryGetValue("vector", out var v) ? v as System.Collections.IEnumerable : null)?.Cast<object?>()
            .Select(x => (float)Convert.ToDouble(x, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var fusion = map.TryGetValue("fusionType", out var f) && f is FusionType chosen ? chosen : FusionType.RelativeScore;
        return new HybridSearch(map.TryGetValue("query", out var q) && q is string query ? query : "", alpha, vector, Strings(map, "properties"), fusion);
    }

    private static List<string> Strings(IDictionary<string, object?> map, string name) =>
        (map.TryGetValue(name, out var p) ? p as System.Collections.IEnumerable : null)?.Cast<object?>()
            .Select(o => o?.ToString() ?? "").ToList() ?? [];
}
