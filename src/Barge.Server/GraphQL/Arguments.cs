using Barge.Core.Query;
using Barge.Core.Schema;
using GraphQL;

namespace Barge.Server.GraphQL;

/// <summary>Reading a field's arguments (literal or from variables) as Core's values.</summary>
internal static class Arguments
{
    public static object? Value(IResolveFieldContext ctx, string name) =>
        ctx.Arguments is { } args && args.TryGetValue(name, out var a) ? a.Value : null;

    public static int? Int(IResolveFieldContext ctx, string name) => Value(ctx, name) switch
    {
        null => null,
        int i => i,
        long l => (int)Math.Clamp(l, int.MinValue, int.MaxValue),
        var other => Convert.ToInt32(other, System.Globalization.CultureInfo.InvariantCulture),
    };

    private static double? Double(IDictionary<string, object?> map, string name) =>
        map.TryGetValue(name, out var v) && v is not null ? Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>The tenant, checked against the class's multi-tenancy as Weaviate checks it.</summary>
    public static string? Tenant(IResolveFieldContext ctx, ClassDefinition cls)
    {
        var tenant = Value(ctx, "tenant") as string is { Length: > 0 } t ? t : null;
        if (cls.MultiTenancyEnabled && tenant is null)
            throw new ExecutionError($"class {cls.Name} has multi-tenancy enabled, but request was without tenant");
        if (!cls.MultiTenancyEnabled && tenant is not null)
            throw new ExecutionError($"class {cls.Name} has multi-tenancy disabled, but request was with tenant");
        return tenant;
    }

    /// <summary><c>nearVector</c> or <c>nearObject</c> (by id or beacon), or null; both at once is refused.</summary>
    public static NearSearch? Near(IResolveFieldContext ctx, ClassDefinition cls)
    {
        var vector = Value(ctx, "nearVector") as IDictionary<string, object?>;
        var o = Value(ctx, "nearObject") as IDictionary<string, object?>;
        if (vector is not null && o is not null) throw new ExecutionError("found more than one search parameter: nearVector, nearObject");
        if (vector is not null)
        {
            TargetVectors.Check(vector, cls);
            var values = (vector.TryGetValue("vector", out var v) ? v as System.Collections.IEnumerable : null)?.Cast<object?>()
                .Select(x => (float)Convert.ToDouble(x, System.Globalization.CultureInfo.InvariantCulture)).ToArray() ?? [];
            if (values.Length == 0) throw new ExecutionError(QueryMessages.EmptyVector);
            return new NearVector(values, Double(vector, "distance"), Double(vector, "certainty"));
        }
        if (o is not null)
        {
            TargetVectors.Check(o, cls);
            var id = o.TryGetValue("id", out var i) ? i as string : null;
            if (id is null && o.TryGetValue("beacon", out var b) && b is string beacon) id = beacon[(beacon.LastIndexOf('/') + 1)..];
            if (string.IsNullOrEmpty(id)) throw new ExecutionError("nearObject: id or beacon needs to be set");
            return new NearObject(id, Double(o, "distance"), Double(o, "certainty"));
        }
        return null;
    }
}
