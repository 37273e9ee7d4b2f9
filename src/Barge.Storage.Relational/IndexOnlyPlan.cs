using Barge.Core.Filters;

namespace Barge.Storage.Relational;

/// <summary>How an index-only filter combines its leaves' seq sets.</summary>
public abstract record SeqPlan;

/// <summary>The seqs of one index condition: the store's read number <paramref name="Leaf"/>, in leaf order.</summary>
public sealed record SeqLeaf(int Leaf) : SeqPlan;

public sealed record SeqAll(IReadOnlyList<SeqPlan> Operands) : SeqPlan;

public sealed record SeqAny(IReadOnlyList<SeqPlan> Operands) : SeqPlan;

/// <summary>
/// The shape both stores give a filter the posting lists answer alone: And and Or over index conditions, each
/// condition read into a <see cref="SeqSet"/>, the sets intersected and united, and the dead seqs the garbage table
/// names taken out. A list holds only seqs of its class (a field is one class's key), and every seq it names that is
/// no longer a live object is in <c>idx_garbage</c> until the collector has rewritten the list without it, so what is
/// left is exactly the class's live matches, across its tenants. Any other node (Not, ids, timestamps, references,
/// geo, constants, refusals) needs the object rows, and the store's per-object SQL evaluates the filter instead.
/// </summary>
public static class IndexOnlyPlan
{
    /// <summary>
    /// The plan of <paramref name="filter"/>, calling <paramref name="leaf"/> once per index condition in leaf order
    /// (the store compiles that condition's read; the plan refers to it by its number); null when the filter is not
    /// index-only. And operands go through <see cref="RangeMerge"/>, as in the per-object SQL, so a range is one leaf.
    /// </summary>
    public static SeqPlan? Build(FilterNode filter, Func<IndexCondition, int> leaf)
    {
        // Compiling a leaf binds parameters: decide first, so that a filter that is not index-only compiles nothing.
        return IsIndexOnly(filter) ? Plan(filter, leaf) : null;
    }

    private static bool IsIndexOnly(FilterNode node) => node switch
    {
        CompoundFilter { Operator: FilterOperator.And or FilterOperator.Or } c => c.Operands.Count > 0 && c.Operands.All(IsIndexOnly),
        IndexCondition => true,
        _ => false,
    };

    private static SeqPlan? Plan(FilterNode node, Func<IndexCondition, int> leaf)
    {
        switch (node)
        {
            case CompoundFilter { Operator: FilterOperator.And or FilterOperator.Or } c:
                var operands = new List<SeqPlan>();
                foreach (var operand in c.Operator == FilterOperator.And ? RangeMerge.Operands(c.Operands) : c.Operands)
                {
                    if (Plan(operand, leaf) is not { } planned) return null;
                    operands.Add(planned);
                }
                if (operands.Count == 0) return null;
                return c.Operator == FilterOperator.And ? new SeqAll(operands) : new SeqAny(operands);
            case IndexCondition i:
                return new SeqLeaf(leaf(i));
            default:
                return null;
        }
    }

    /// <summary>The live matches: the leaves combined as <paramref name="plan"/> says, less <paramref name="dead"/>.</summary>
    public static SeqSet Matches(SeqPlan plan, IReadOnlyList<SeqSet> leaves, IEnumerable<long> dead)
    {
        var matches = Combine(plan, leaves);
        foreach (var seq in dead) matches.Remove(seq);
        return matches;
    }

    private static SeqSet Combine(SeqPlan plan, IReadOnlyList<SeqSet> leaves)
    {
        switch (plan)
        {
            case SeqLeaf leaf:
                return leaves[leaf.Leaf];
            case SeqAll all:
                var both = Combine(all.Operands[0], leaves);
                for (var i = 1; i < all.Operands.Count; i++) both.IntersectWith(Combine(all.Operands[i], leaves));
                return both;
            case SeqAny any:
                var either = Combine(any.Operands[0], leaves);
                for (var i = 1; i < any.Operands.Count; i++) either.UnionWith(Combine(any.Operands[i], leaves));
                return either;
            default:
                throw new ArgumentException($"unknown plan {plan.GetType().Name}", nameof(plan));
        }
    }
}
