using Barge.Core.Indexing;
using Barge.Core.Schema;

namespace Barge.Core.Filters;

/// <summary>
/// Type-checks a parsed filter against the schema and resolves it into storage conditions
/// (<see cref="IndexCondition"/>, <see cref="ReferenceCondition"/>, …) that backends compile.
/// Messages follow Weaviate's entities/filters validation: without the <c>invalid where filter: </c> prefix (callers
/// add their own wrapper), operand errors as <c>child operand at position i: …</c> joined by <c>, </c>.
/// Conditions Weaviate only reports at search time become <see cref="UnsearchableFilter"/> nodes instead of errors.
/// </summary>
public static class FilterValidator
{
    /// <param name="limits">The bounds on the filter's size (<see cref="FilterLimits.Default"/> when null), checked before anything else.</param>
    public static string? Validate(FilterNode node, ClassDefinition cls, Func<string, ClassDefinition?> lookupClass, out FilterNode validated,
        FilterLimits? limits = null)
    {
        validated = new ConstantFilter(false);
        if ((limits ?? FilterLimits.Default).Exceeded(node) is { } tooLarge) return tooLarge;
        try
        {
            validated = ValidateNode(node, cls, lookupClass);
            return null;
        }
        catch (FilterValidationException e)
        {
            return e.Message;
        }
    }

    /// <summary>The first search-time error in a validated tree (maps to HTTP 500), or null when it can run.</summary>
    public static string? FindSearchError(FilterNode validated) => validated switch
    {
        UnsearchableFilter u => u.Message,
        CompoundFilter c => c.Operands.Select(FindSearchError).FirstOrDefault(m => m is not null),
        ReferenceCondition r => FindSearchError(r.Target),
        _ => null,
    };

    private static FilterNode ValidateNode(FilterNode node, ClassDefinition cls, Func<string, ClassDefinition?> lookupClass)
    {
        switch (node)
        {
            case CompoundFilter compound:
                var errors = new List<string>();
                var operands = new List<FilterNode>();
                for (var i = 0; i < compound.Operands.Count; i++)
                {
                    try
                    {
                        operands.Add(ValidateNode(compound.Operands[i], cls, lookupClass));
                    }
                    catch (FilterValidationException e)
                    {
                        errors.Add($"child operand at position {i}: {e.Message}");
                    }
                }
                if (errors.Count > 0) throw new FilterValidationException(string.Join(", ", errors));
                return new CompoundFilter(compound.Operator, operands);
            case ClauseFilter clause:
                return ValidateClause(clause, cls, lookupClass);
            default:
                // Already validated (or built by code): pass through unchanged.
                return node;
        }
    }

    /// <summary>Walks reference hops to the innermost class, builds the condition there, then wraps it in the hops.</summary>
    private static FilterNode ValidateClause(ClauseFilter clause, ClassDefinition root, Func<string, ClassDefinition?> lookupClass)
    {
        var hops = new List<(ClassDefinition From, string Property, string Target)>();
        var current = root;
        for (var i = 0; i + 2 < clause.Path.Count; i += 2)
        {
            var refProp = FindProperty(current, clause.Path[i])
                          ?? throw new FilterValidationException(FilterMessages.NoSuchProperty(clause.Path[i], current.Name));
            if (!refProp.DataType.IsReference)
                throw new FilterValidationException(FilterMessages.NotAReference(refProp.Name, current.Name));
            var target = lookupClass(clause.Path[i + 1])
                         ?? throw new FilterValidationException(FilterMessages.NoSuchClass(clause.Path[i + 1]));
            hops.Add((current, refProp.Name, target.Name));
            current = target;
        }

        var condition = ClauseConditions.Build(clause.Operator, clause.Path[^1], clause.Value, current);
        for (var i = hops.Count - 1; i >= 0; i--)
            condition = new ReferenceCondition(hops[i].From.Name, hops[i].Property, hops[i].Target, condition);
        return condition;
    }

    /// <summary>Exact name first, then with a lower-case first letter (property names are stored that way).</summary>
    internal static PropertyDefinition? FindProperty(ClassDefinition cls, string name) =>
        cls.FindProperty(name) ?? cls.FindProperty(SchemaNames.PropertyNameFor(name));
}

/// <summary>A validation failure with Weaviate's message; internal control flow only.</summary>
internal sealed class FilterValidationException(string message) : Exception(message);
