using Barge.Storage.Relational;
using Npgsql;

namespace Barge.Storage.Postgres.Filters;

/// <summary>
/// A filter the posting lists answer alone (<see cref="IndexOnlyPlan"/>), read as the set of live seqs that match
/// without touching an object row: one statement returns every posting row of every leaf (the lists as they are
/// stored, <c>bigint[]</c>, read in binary) and the class's dead seqs, all from one snapshot; the lists become
/// <see cref="SeqSet"/>s that the shared plan combines. Built by <see cref="PostgresFilterCompiler.CompileIndexOnly"/>.
/// </summary>
internal sealed class PgIndexOnlyFilter(SeqPlan plan, IReadOnlyList<string> leaves)
{
    /// <summary>The row that carries the class's dead seqs instead of a leaf's list.</summary>
    private const int DeadRow = -1;

    /// <summary>The statement, for a command whose parameters the compiler filled plus the class as <c>@c</c>.</summary>
    public string CommandText() =>
        string.Join(" UNION ALL ", leaves) + $" UNION ALL SELECT {DeadRow}, array_agg(seq) FROM idx_garbage WHERE class = @c";

    /// <summary>Reads the result of <see cref="CommandText"/> into the live matching seqs.</summary>
    public async Task<SeqSet> ReadAsync(NpgsqlDataReader r, CancellationToken ct)
    {
        var rows = new Rows(leaves.Count);
        while (await r.ReadAsync(ct)) rows.Add(r);
        return rows.Matches(plan);
    }

    /// <summary>The same, for a command that runs on the writer's connection (synchronous, as the writer's jobs are).</summary>
    public SeqSet Read(NpgsqlDataReader r)
    {
        var rows = new Rows(leaves.Count);
        while (r.Read()) rows.Add(r);
        return rows.Matches(plan);
    }

    /// <summary>The rows read so far: each leaf's seqs and the dead seqs.</summary>
    private sealed class Rows
    {
        private readonly SeqSet[] _sets;
        private long[] _dead = [];

        public Rows(int leaves)
        {
            _sets = new SeqSet[leaves];
            for (var i = 0; i < _sets.Length; i++) _sets[i] = new SeqSet();
        }

        public void Add(NpgsqlDataReader r)
        {
            if (r.IsDBNull(1)) return;
            var leaf = r.GetInt32(0);
            var seqs = r.GetFieldValue<long[]>(1);
            if (leaf == DeadRow) _dead = seqs;
            else _sets[leaf].AddRange(seqs);
        }

        public SeqSet Matches(SeqPlan plan) => IndexOnlyPlan.Matches(plan, _sets, _dead);
    }
}
