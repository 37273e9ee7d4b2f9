using Barge.Core.Query.References;
using Barge.Core.Schema;
using GraphQLParser.AST;

namespace Barge.Server.GraphQL;

/// <summary>
/// Reads a Get field's selection set to decide what the query must read: whether vectors are asked for, and which
/// references to follow. Fragments (inline or named) count as if their fields were written in place.
/// </summary>
internal static class Selections
{
    /// <summary>Whether <c>_additional { <paramref name="field"/> }</c> is selected.</summary>
    public static bool AsksAdditional(GraphQLSelectionSet? set, GraphQLDocument document, string field) =>
        Fields(set, document).Where(f => f.Name.StringValue == "_additional")
            .Any(a => Fields(a.SelectionSet, document).Any(f => f.Name.StringValue == field));

    /// <summary>
    /// One Core selection per reference field and target class fragment (<c>writesFor { ... on Publication { … } }</c>),
    /// nested as the fragments nest. A fragment on a class that is not a target is left to Core to refuse in its words.
    /// </summary>
    public static IReadOnlyList<ReferenceSelection> References(GraphQLSelectionSet? set, GraphQLDocument document, ClassDefinition cls,
        Func<string, ClassDefinition?> classes)
    {
        var selections = new List<ReferenceSelection>();
        foreach (var field in Fields(set, document))
        {
            // The v1 name or the capitalized 0.x one (LegacyFieldNames); Core reads the property.
            if (LegacyFieldNames.PropertyOf(cls, field.Name.StringValue) is not { DataType.IsReference: true } property) continue;
            var name = property.Name;
            foreach (var (target, fragment) in Fragments(field.SelectionSet, document))
            {
                var targetClass = classes(target);
                selections.Add(new ReferenceSelection(name)
                {
                    TargetClass = target,
                    IncludeVector = AsksAdditional(fragment, document, "vector"),
                    Nested = targetClass is null ? [] : References(fragment, document, targetClass, classes),
                });
            }
        }
        return selections;
    }

    /// <summary>The fields of a selection set, those of its fragments included.</summary>
    public static IEnumerable<GraphQLField> Fields(GraphQLSelectionSet? set, GraphQLDocument document)
    {
        foreach (var selection in set?.Selections ?? [])
        {
            switch (selection)
            {
                case GraphQLField f:
                    yield return f;
                    break;
                case GraphQLInlineFragment inline:
                    foreach (var f in Fields(inline.SelectionSet, document)) yield return f;
                    break;
                case GraphQLFragmentSpread spread when Fragment(document, spread) is { } definition:
                    foreach (var f in Fields(definition.SelectionSet, document)) yield return f;
                    break;
            }
        }
    }

    /// <summary>The fragments of a union's selection set, by the class they select.</summary>
    private static IEnumerable<(string Type, GraphQLSelectionSet Set)> Fragments(GraphQLSelectionSet? set, GraphQLDocument document)
    {
        foreach (var selection in set?.Selections ?? [])
        {
            switch (selection)
            {
                case GraphQLInlineFragment { TypeCondition: { } condition } inline:
                    yield return (condition.Type.Name.StringValue, inline.SelectionSet);
                    break;
                case GraphQLFragmentSpread spread when Fragment(document, spread) is { } definition:
                    yield return (definition.TypeCondition.Type.Name.StringValue, definition.SelectionSet);
                    break;
            }
        }
    }

    private static GraphQLFragmentDefinition? Fragment(GraphQLDocument document, GraphQLFragmentSpread spread) =>
        document.Definitions.OfType<GraphQLFragmentDefinition>().FirstOrDefault(d => d.FragmentName.Name.StringValue == spread.FragmentName.Name.StringValue);
}
