namespace Barge.Core.Filters;

/// <summary>
/// Joins, among the operands of an And, a lower and an upper bound on the same single-valued index key into one
/// condition (<c>a &lt;= v &lt; b</c>). Apart, each bound matches a large share of the index (everything above a date,
/// everything below another), and a store reads both shares to intersect them; joined, it reads only the values
/// between. Only single-valued keys: on an array, the two bounds may be met by different elements.
/// </summary>
public static class RangeMerge
{
    /// <summary>The operands with each joinable pair replaced by one condition at the lower bound's place; the same list when none is.</summary>
    public static IReadOnlyList<FilterNode> Operands(IReadOnlyList<FilterNode> and)
    {
        List<FilterNode>? merged = null;
        for (var i = 0; i < and.Count; i++)
        {
            if (!IsLower(and[i], out var lower)) continue;
            for (var j = 0; j < and.Count; j++)
            {
                if (j == i || !IsUpper(and[j], out var upper) || upper.Class != lower.Class || upper.Key != lower.Key) continue;
                merged ??= [.. and];
                if (merged[j] is null) continue; // already joined to another lower bound
                merged[i] = lower with { Upper = new ValueBound(upper.Comparison, upper.Values[0]) };
                merged[j] = null!;
                break;
            }
        }
        return merged is null ? and : merged.Where(n => n is not null).ToList();
    }

    private static bool IsLower(FilterNode node, out IndexCondition condition) =>
        Bound(node, Comparison.GreaterThan, Comparison.GreaterThanEqual, out condition);

    private static bool IsUpper(FilterNode node, out IndexCondition condition) =>
        Bound(node, Comparison.LessThan, Comparison.LessThanEqual, out condition);

    private static bool Bound(FilterNode node, Comparison strict, Comparison inclusive, out IndexCondition condition)
    {
        condition = node as IndexCondition ?? null!;
        return node is IndexCondition { SingleValued: true, Upper: null, Values.Count: 1 } c && (c.Comparison == strict || c.Comparison == inclusive);
    }
}
