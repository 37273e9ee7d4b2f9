using Microsoft.Data.Sqlite;

namespace Barge.Storage.Sqlite.Filters;

/// <summary>How an index-only filter combines its leaves' seq sets.</summary>
internal abstract record SeqPlan;

/// <summary>The seqs of one index condition: the result of its statement (<see cref="IndexOnlyFilter.Statements"/>).</summary>
internal sealed record SeqLeaf(int Statement) : SeqPlan;

internal sealed record SeqAll(IReadOnlyList<SeqPlan> Operands) : SeqPlan;

internal sealed record SeqAny(IReadOnlyList<SeqPlan> Operands) : SeqPlan;

/// <summary>
/// A filter the posting lists answer alone (And and Or of index conditions), evaluated to the set of live seqs that
/// match, without reading an object row: each leaf's posting rows and segment seqs are read into a
/// <see cref="SeqSet"/>, combined, and the dead seqs the garbage table names are taken out. A list holds only seqs of
/// its class (a field is one class's key), and every seq it names that is no longer a live object is in
/// <c>idx_garbage</c> until the collector has rewritten the list without it, so what is left is exactly the class's
/// live matches, across its tenants. Built by <see cref="SqliteFilterCompiler.CompileIndexOnly"/>.
/// </summary>
internal sealed class IndexOnlyFilter(SeqPlan plan, IReadOnlyList<string> statements, IReadOnlyList<List<long>?> segmentSeqs)
{
    /// <summary>One statement per leaf, in leaf order, each returning (part or NULL, concatenated offsets or seqs).</summary>
    public IReadOnlyList<string> Statements { get; } = statements;

    /// <summary>
    /// The statements that read the filter's seqs, for a command whose parameters the compiler filled and that runs
    /// in one read transaction: the flushed mark, the class's dead seqs (parameter <c>$c</c>), then the leaves.
    /// </summary>
    public string CommandText() =>
        "SELECT flushed FROM index_state; SELECT seq FROM idx_garbage WHERE class = $c; " + string.Join("; ", Statements) + ";";

    /// <summary>Reads the results of <see cref="CommandText"/> into the live matching seqs.</summary>
    public SeqSet Read(SqliteDataReader r)
    {
        long flushed = r.Read() ? r.GetInt64(0) : 0;
        r.NextResult();
        var dead = new List<long>();
        while (r.Read()) dead.Add(r.GetInt64(0));
        var leaves = new SeqSet[Statements.Count];
        for (var i = 0; i < leaves.Length; i++)
        {
            r.NextResult();
            var set = new SeqSet();
            while (r.Read())
            {
                if (r.IsDBNull(1)) continue;
                var seqs = r.GetString(1);
                // A NULL part: absolute seqs of the in-memory segment, already above the mark.
                set.AddOffsets(seqs, r.IsDBNull(0) ? 0 : r.GetInt64(0));
            }
            if (segmentSeqs[i] is { } inMemory)
                foreach (var seq in inMemory)
                    if (seq > flushed) set.Add(seq);
            leaves[i] = set;
        }
        var matches = Combine(plan, leaves);
        foreach (var seq in dead) matches.Remove(seq);
        return matches;
    }

    private static SeqSet Combine(SeqPlan plan, SeqSet[] leaves)
    {
        switch (plan)
        {
            case SeqLeaf leaf:
                return leaves[leaf.Statement];
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
