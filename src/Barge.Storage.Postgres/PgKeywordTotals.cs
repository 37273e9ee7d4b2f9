using Barge.Storage.Relational;
using Npgsql;
using NpgsqlTypes;

namespace Barge.Storage.Postgres;

/// <summary>
/// The keyword totals (Migrations/0005_keyword_index.sql) as rows of changes: a write appends its own, the statement
/// that deletes objects appends theirs (<see cref="DeletedObjects"/>), and a reader sums a class's rows. Appending
/// takes no lock, so writers on several nodes never wait for each other on a common class; every
/// <see cref="FoldEvery"/> appends to a class and tenant, the writer folds its rows into one.
/// </summary>
internal sealed class PgKeywordTotals
{
    /// <summary>
    /// What follows a CTE <c>d</c> that deleted object rows RETURNING <see cref="DeletedColumns"/>: their garbage rows
    /// for the collector, their changes to the totals, both from the rows themselves in the same statement, and the
    /// number of rows deleted.
    /// </summary>
    public const string DeletedColumns = "seq, id, class, tenant, properties, keyword_properties, keyword_lengths";

    public const string DeletedObjects =
        ", g AS (INSERT INTO idx_garbage(seq, id, class, tenant, properties) SELECT seq, id, class, tenant, properties FROM d), " +
        "t AS (INSERT INTO keyword_totals(class, tenant, property, objects, length_sum) " +
        "SELECT class, tenant, property, -count(*), -sum(length) FROM (" +
        "SELECT class, tenant, ''::text AS property, 0 AS length FROM d UNION ALL " +
        "SELECT d.class, d.tenant, k.property, k.length FROM d CROSS JOIN LATERAL unnest(d.keyword_properties, d.keyword_lengths) AS k(property, length)) x " +
        "GROUP BY class, tenant, property) " +
        "SELECT count(*) FROM d";

    public const string ReadSql =
        "SELECT property, sum(objects)::bigint, sum(length_sum)::bigint FROM keyword_totals WHERE class = @c AND tenant = @t GROUP BY property";

    private const string AppendSql =
        "INSERT INTO keyword_totals(class, tenant, property, objects, length_sum) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[])";

    // Rows another node is folding are skipped, not waited for: the fold removes exactly the rows it sums.
    private const string FoldSql =
        "WITH old AS (DELETE FROM keyword_totals WHERE ctid IN (SELECT ctid FROM keyword_totals WHERE class = $1 AND tenant = $2 FOR UPDATE SKIP LOCKED) " +
        "RETURNING property, objects, length_sum) " +
        "INSERT INTO keyword_totals(class, tenant, property, objects, length_sum) " +
        "SELECT $1, $2, property, sum(objects), sum(length_sum) FROM old GROUP BY property HAVING sum(objects) <> 0 OR sum(length_sum) <> 0";

    /// <summary>Appends per class and tenant before they are folded (a reader sums at most about this many rows per property and node).</summary>
    private const int FoldEvery = 64;

    private readonly Dictionary<(string Class, string Tenant), int> _appends = [];

    /// <summary>Appends the changes, and folds the rows of each class and tenant that has had many appends.</summary>
    public void Append(NpgsqlConnection c, KeywordTotalsChanges changes)
    {
        var rows = changes.Changes();
        changes.Clear();
        if (rows.Count == 0) return;
        Append(c, rows);
        foreach (var key in rows.Select(r => (r.Class, r.Tenant)).Distinct())
        {
            var n = _appends.GetValueOrDefault(key) + 1;
            _appends[key] = n == FoldEvery ? 0 : n;
            if (n == FoldEvery) Fold(c, key.Class, key.Tenant);
        }
    }

    public static void Append(NpgsqlConnection c, List<KeywordTotalsChange> rows)
    {
        using var cmd = new NpgsqlCommand(AppendSql, c);
        cmd.Parameters.Add(new() { Value = rows.Select(r => r.Class).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = rows.Select(r => r.Tenant).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = rows.Select(r => r.Property).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = rows.Select(r => r.Objects).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        cmd.Parameters.Add(new() { Value = rows.Select(r => r.Lengths).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        cmd.ExecuteNonQuery();
    }

    private static void Fold(NpgsqlConnection c, string cls, string tenant)
    {
        using var cmd = new NpgsqlCommand(FoldSql, c);
        cmd.Parameters.AddWithValue(cls);
        cmd.Parameters.AddWithValue(tenant);
        cmd.ExecuteNonQuery();
    }
}
