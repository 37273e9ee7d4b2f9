using Barge.Core.Schema;
using GraphQL;
using GraphQL.Types;

namespace Barge.Server.GraphQL;

/// <summary>
/// <c>targetVectors</c> of <c>nearVector</c>, <c>nearObject</c> and <c>hybrid</c>. Barge keeps one vector per object and
/// presents it as a class with a single vector named <c>default</c> (as its gRPC answers name it), so the argument may
/// be left out, empty, or name <c>default</c>; any other name is refused in Weaviate's words for a class that lacks it.
/// </summary>
internal static class TargetVectors
{
    public const string Default = "default";

    public static FieldType Field() => new() { Name = "targetVectors", ResolvedType = new ListGraphType(new StringGraphType()) };

    public static void Check(IDictionary<string, object?> search, ClassDefinition cls)
    {
        if (!search.TryGetValue("targetVectors", out var value) || value is null) return;
        var names = value is System.Collections.IEnumerable list and not string ? list.Cast<object?>() : [value];
        foreach (var name in names.Select(n => n?.ToString() ?? ""))
            if (name != Default) throw new ExecutionError(NotConfigured(cls.Name, name));
    }

    /// <summary>Weaviate's text (Go's <c>%v</c> of the configured names, here the one <c>default</c>).</summary>
    public static string NotConfigured(string cls, string name) =>
        $"class {cls} does not have named vector {name} configured. Available named vectors [{Default}]";
}
