namespace Barge.Storage.Relational;

/// <summary>
/// How a first page in id order of an index-only filter's matches is read, on both stores: with few matches the
/// matching rows are read and sorted straight away (fewer rows than a walk of the id index would step over before it
/// met them); with more, the class's id index is walked in order, each entry tested in the matches' bitmap, until the
/// page is full or the walk has stepped over its budget, a number of entries per match that each store sets from
/// what a step costs it against the direct read's row lookup.
/// </summary>
public static class IndexOnlyPaging
{
    private const long FewMatches = 1_000;

    /// <summary>Whether a page over <paramref name="matches"/> matches tries the walk first.</summary>
    public static bool Walks(long matches) => matches > FewMatches;

    /// <summary>The entries a walk may step over before it gives up for the direct read.</summary>
    public static long WalkBudget(long matches, long stepsPerMatch) => matches * stepsPerMatch;
}
