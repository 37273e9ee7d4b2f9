using Barge.Storage.Relational;
using NpgsqlTypes;

namespace Barge.Storage.Postgres;

/// <summary>
/// Rewrites the posting rows of many keys of one table without a set of dead seqs, in two statements: the keys go in
/// as parallel arrays (field, value, the part's first and last seq) and are joined to the table through its primary
/// key; the dead seqs go in once and are removed by a hashed anti-join, so the cost follows the rows touched, not
/// rows times dead seqs.
/// <para>
/// The first statement locks the rows in primary-key order. Two nodes collecting at once take different garbage
/// entries but may share keys (a common word); locking in one order means one waits for the other instead of both
/// deadlocking. The second statement runs with a fresh snapshot after any such wait, so it sees the other node's
/// merged row and merges it again: no live seq is lost or doubled. Rows never span parts, and a commit appends rows
/// whose first seq is above every seq already in the part, so the merged row's first seq (its lowest) cannot collide.
/// </para>
/// </summary>
internal sealed class PgPostingRewrite
{
    /// <summary>postings_num's rewrite: its values are keyed by the pair (v, v_rest) (<see cref="PgNumbers"/>).</summary>
    public static readonly PgPostingRewrite Numbers = new("postings_num", "double precision", withRest: true);

    /// <summary>postings_text's rewrite.</summary>
    public static readonly PgPostingRewrite Texts = new("postings_text", "text", withRest: false);

    private readonly bool _withRest;
    private readonly string _lockSql;
    private readonly string _rewriteSql;

    private PgPostingRewrite(string table, string valueType, bool withRest)
    {
        _withRest = withRest;
        // The keys as parallel arrays: field, value (and its rest), the part's first and last seq; the dead seqs last.
        var keys = withRest
            ? $"unnest($1::integer[], $2::{valueType}[], $3::bigint[], $4::bigint[], $5::bigint[]) AS k(field, v, v_rest, lo, hi)"
            : $"unnest($1::integer[], $2::{valueType}[], $3::bigint[], $4::bigint[]) AS k(field, v, lo, hi)";
        var dead = withRest ? "$6" : "$5";
        var value = withRest ? "p.v = k.v AND p.v_rest = k.v_rest" : "p.v = k.v";
        var columns = withRest ? "field, v, v_rest" : "field, v";
        string Of(string alias) => withRest ? $"{alias}.field, {alias}.v, {alias}.v_rest" : $"{alias}.field, {alias}.v";
        _lockSql =
            $"SELECT 1 FROM {table} p JOIN {keys} ON p.field = k.field AND {value} AND p.first BETWEEN k.lo AND k.hi " +
            $"ORDER BY {Of("p")}, p.first FOR UPDATE OF p";
        _rewriteSql =
            $"WITH old AS (DELETE FROM {table} p USING {keys} " +
            $"WHERE p.field = k.field AND {value} AND p.first BETWEEN k.lo AND k.hi RETURNING {Of("p")}, k.lo, p.seqs), " +
            $"dead AS (SELECT DISTINCT d FROM unnest({dead}::bigint[]) d), " +
            $"kept AS (SELECT {Of("o")}, o.lo, s FROM old o CROSS JOIN LATERAL unnest(o.seqs) s WHERE NOT EXISTS (SELECT 1 FROM dead WHERE dead.d = s)) " +
            $"INSERT INTO {table}({columns}, first, seqs) SELECT {columns}, min(s), array_agg(DISTINCT s ORDER BY s) FROM kept GROUP BY {columns}, lo";
    }

    /// <summary>Rewrites the rows of every key in <paramref name="keys"/> (its seqs are not read) without <paramref name="dead"/>.</summary>
    public void Run(PgWriteContext ctx, PostingBatch keys, long[] dead)
    {
        if (keys.Count == 0) return;
        var sorted = keys.Sorted();
        var fields = new int[sorted.Count];
        var values = new object[sorted.Count];
        var los = new long[sorted.Count];
        var his = new long[sorted.Count];
        for (var i = 0; i < sorted.Count; i++)
        {
            var key = sorted[i].Key;
            fields[i] = (int)key.Field;
            values[i] = key.Value;
            los[i] = key.Part << PostingLists.SeqShift;
            his[i] = ((key.Part + 1) << PostingLists.SeqShift) - 1;
        }
        Execute(ctx, _lockSql, fields, values, los, his, null);
        Execute(ctx, _rewriteSql, fields, values, los, his, dead);
    }

    private void Execute(PgWriteContext ctx, string sql, int[] fields, object[] values, long[] los, long[] his, long[]? dead)
    {
        using var cmd = ctx.Command(sql);
        cmd.Parameters.Add(new() { Value = fields, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        if (_withRest)
        {
            cmd.Parameters.Add(new() { Value = values.Select(PgNumbers.Nearest).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double });
            cmd.Parameters.Add(new() { Value = values.Select(PgNumbers.Rest).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        }
        else cmd.Parameters.Add(new() { Value = values.Cast<string>().ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = los, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        cmd.Parameters.Add(new() { Value = his, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        if (dead is not null) cmd.Parameters.Add(new() { Value = dead, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        cmd.ExecuteNonQuery();
    }
}
