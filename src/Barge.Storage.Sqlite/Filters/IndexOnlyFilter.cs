using Barge.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace Barge.Storage.Sqlite.Filters;

/// <summary>
/// A filter the posting lists answer alone (<see cref="IndexOnlyPlan"/>), evaluated to the set of live seqs that
/// match, without reading an object row: each leaf's posting rows and segment seqs are read into a
/// <see cref="SeqSet"/>, then combined by the shared plan. Built by <see cref="SqliteFilterCompiler.CompileIndexOnly"/>.
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
        return IndexOnlyPlan.Matches(plan, leaves, dead);
    }
}
