using Barge.Storage.Relational;
using Npgsql;

namespace Barge.Storage.Postgres.Filters;

/// <summary>
/// A filter the posting lists answer alone (<see cref="IndexOnlyPlan"/>), read as the set of seqs that match without
/// touching an object row, in one of two ways: every posting row of every leaf (the lists as they are stored,
/// <c>bigint[]</c>, read in binary) and the class's dead seqs, all from one snapshot, which the shared plan combines
/// into the live matches; or, when every leaf names its values (<see cref="ReadsAmong"/>), which of a few candidate
/// seqs each leaf holds, each candidate probing only the rows of its own part, so that a filter most objects pass
/// costs what its candidates touch rather than its whole lists. Built by <see cref="PostgresFilterCompiler.CompileIndexOnly"/>.
/// </summary>
internal sealed class PgIndexOnlyFilter(SeqPlan plan, IReadOnlyList<PgIndexOnlyFilter.Leaf> leaves)
{
    /// <summary>The row that carries the class's dead seqs instead of a leaf's list.</summary>
    private const int DeadRow = -1;

    /// <summary>
    /// One index condition's posting rows: the table and the condition on its columns (field, v); whether the
    /// condition names its values (equality to one or more), so that the primary key (field, v, first) can also bound
    /// first: a range of values would have every value's rows scanned for each candidate.
    /// </summary>
    internal sealed record Leaf(string Table, string Condition, bool NamesValues);

    /// <summary>Whether <see cref="AmongCommandText"/> applies: every leaf names its values.</summary>
    public bool ReadsAmong => leaves.All(l => l.NamesValues);

    /// <summary>The statement, for a command whose parameters the compiler filled plus the class as <c>@c</c>.</summary>
    public string CommandText() =>
        string.Join(" UNION ALL ", leaves.Select((l, i) => $"SELECT {i}, seqs FROM {l.Table} WHERE {l.Condition}")) +
        $" UNION ALL SELECT {DeadRow}, array_agg(seq) FROM idx_garbage WHERE class = @c";

    /// <summary>
    /// The statement that reads, per leaf, which of the candidates <c>@among</c> (<c>bigint[]</c>) it holds: for each
    /// candidate, the leaf's rows of its part that begin at or before it (a row's first is its lowest seq), read from
    /// the primary key until one holds it. Dead seqs are not read: the caller keeps only candidates that are live
    /// objects. Only when <see cref="ReadsAmong"/>; read with <see cref="ReadAsync"/> as well.
    /// </summary>
    public string AmongCommandText() =>
        string.Join(" UNION ALL ", leaves.Select((l, i) =>
            $"SELECT {i}, array_agg(c.s) FROM unnest(@among::bigint[]) AS c(s) CROSS JOIN LATERAL (SELECT 1 FROM {l.Table} p " +
            $"WHERE {l.Condition} AND p.first BETWEEN (c.s >> {PostingLists.SeqShift}) << {PostingLists.SeqShift} AND c.s AND c.s = ANY(p.seqs) LIMIT 1) AS hit"));

    /// <summary>Reads the result of <see cref="CommandText"/> (or <see cref="AmongCommandText"/>) into the matching seqs, less the dead ones it carries.</summary>
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
