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
internal sealed class PgPostingRewrite(string table, string valueType, NpgsqlDbType valueDbType)
{
    private const string Keys = "unnest($1::integer[], $2::{0}[], $3::bigint[], $4::bigint[]) AS k(field, v, lo, hi)";

    private readonly string _lockSql =
        $"SELECT 1 FROM {table} p JOIN {string.Format(Keys, valueType)} ON p.field = k.field AND p.v = k.v AND p.first BETWEEN k.lo AND k.hi " +
        "ORDER BY p.field, p.v, p.first FOR UPDATE OF p";

    private readonly string _rewriteSql =
        $"WITH old AS (DELETE FROM {table} p USING {string.Format(Keys, valueType)} " +
        "WHERE p.field = k.field AND p.v = k.v AND p.first BETWEEN k.lo AND k.hi RETURNING p.field, p.v, k.lo, p.seqs), " +
        "dead AS (SELECT DISTINCT d FROM unnest($5::bigint[]) d), " +
        "kept AS (SELECT o.field, o.v, o.lo, s FROM old o CROSS JOIN LATERAL unnest(o.seqs) s WHERE NOT EXISTS (SELECT 1 FROM dead WHERE dead.d = s)) " +
        $"INSERT INTO {table}(field, v, first, seqs) SELECT field, v, min(s), array_agg(DISTINCT s ORDER BY s) FROM kept GROUP BY field, v, lo";

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
        cmd.Parameters.Add(new() { Value = TypedValues(values), NpgsqlDbType = NpgsqlDbType.Array | valueDbType });
        cmd.Parameters.Add(new() { Value = los, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        cmd.Parameters.Add(new() { Value = his, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        if (dead is not null) cmd.Parameters.Add(new() { Value = dead, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        cmd.ExecuteNonQuery();
    }

    private Array TypedValues(object[] values) =>
        valueDbType == NpgsqlDbType.Text ? values.Cast<string>().ToArray() : values.Cast<double>().ToArray();
}
