using System.Globalization;

namespace Barge.Core.Filters;

/// <summary>
/// How large a filter may be before any work is done on it: a filter past these bounds costs the database time and
/// memory out of proportion to what it can select, so it is refused whole with the bound it passed and the setting that
/// raises it. The defaults stay well inside what both stores can compile (SQLite's expression depth and bound
/// variables, PostgreSQL's parameters per statement), whatever shape the filter has.
/// </summary>
/// <param name="MaxClauses">Comparisons in the whole filter (<c>BARGE_MAX_FILTER_CLAUSES</c>).</param>
/// <param name="MaxValues">Values in the whole filter, counting every item of the array operators (<c>BARGE_MAX_FILTER_VALUES</c>).</param>
/// <param name="MaxDepth">Nesting of <c>And</c>, <c>Or</c> and <c>Not</c> (<c>BARGE_MAX_FILTER_DEPTH</c>).</param>
/// <param name="MaxReferenceHops">References a path follows (<c>BARGE_MAX_FILTER_REFERENCE_HOPS</c>).</param>
/// <param name="MaxLikeWildcards"><c>*</c> and <c>?</c> in one <c>Like</c> pattern (<c>BARGE_MAX_FILTER_LIKE_WILDCARDS</c>).</param>
public sealed record FilterLimits(int MaxClauses = 500, int MaxValues = 10_000, int MaxDepth = 32, int MaxReferenceHops = 4, int MaxLikeWildcards = 64)
{
    public static readonly FilterLimits Default = new();

    /// <summary>Why <paramref name="filter"/> is too large, or null when it is within every bound.</summary>
    public string? Exceeded(FilterNode filter)
    {
        var clauses = 0;
        var values = 0;
        return Walk(filter, 0);

        string? Walk(FilterNode node, int depth)
        {
            switch (node)
            {
                case CompoundFilter compound:
                    if (depth >= MaxDepth) return TooMany("filter nests And, Or and Not", MaxDepth, "levels", "BARGE_MAX_FILTER_DEPTH");
                    foreach (var operand in compound.Operands)
                        if (Walk(operand, depth + 1) is { } error) return error;
                    return null;
                case ClauseFilter clause:
                    if (++clauses > MaxClauses) return TooMany("filter has", MaxClauses, "comparisons", "BARGE_MAX_FILTER_CLAUSES");
                    if ((values += clause.Value.Items.Count) > MaxValues) return TooMany("filter has", MaxValues, "values", "BARGE_MAX_FILTER_VALUES");
                    if ((clause.Path.Count - 1) / 2 > MaxReferenceHops)
                        return TooMany("filter's path follows", MaxReferenceHops, "references", "BARGE_MAX_FILTER_REFERENCE_HOPS");
                    if (clause.Operator == FilterOperator.Like && clause.Value.Items.Sum(Wildcards) > MaxLikeWildcards)
                        return TooMany("Like pattern has", MaxLikeWildcards, "wildcards (* and ?)", "BARGE_MAX_FILTER_LIKE_WILDCARDS");
                    return null;
                default:
                    return null;
            }
        }
    }

    private static int Wildcards(object item) => item is string s ? s.Count(c => c is '*' or '?') : 0;

    private static string TooMany(string what, int limit, string unit, string setting) =>
        string.Create(CultureInfo.InvariantCulture, $"the {what} more than {limit} {unit}: narrow it, or raise {setting}");
}
