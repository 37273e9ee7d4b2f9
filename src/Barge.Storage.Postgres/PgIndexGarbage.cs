using Barge.Storage.Relational;
using NpgsqlTypes;

namespace Barge.Storage.Postgres;

/// <summary>
/// PostgreSQL's part of the shared <see cref="IndexGarbageCollector{TContext}"/>: it takes the oldest entries no other
/// node is collecting (SKIP LOCKED) and, for each (field, value) and part the dead seqs had, replaces that part's
/// posting rows by one row without them, in one statement. The DELETE locks the rows it replaces: a node collecting
/// the same key at once waits, then finds them gone and merges only rows appended since, so no live seq is lost or
/// doubled (dead seqs it meant to remove may stay behind, which no query can match).
/// </summary>
internal sealed class PgIndexGarbage : IIndexGarbageTable<PgWriteContext>
{
    private const string TakeSql = "SELECT seq, id, class, properties FROM idx_garbage ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED";
    private static readonly string RewriteNumSql = RewriteSql("postings_num", "double precision");
    private static readonly string RewriteTextSql = RewriteSql("postings_text", "text");
    private const string DropEntriesSql = "DELETE FROM idx_garbage WHERE seq = ANY($1)";

    // $1 field, $2 value, $3 and $4 the part's first and last seq, $5 the dead seqs. Rows never span parts.
    private static string RewriteSql(string table, string valueType) =>
        $"WITH old AS (DELETE FROM {table} WHERE field = $1 AND v = $2::{valueType} AND first BETWEEN $3 AND $4 RETURNING seqs), " +
        "kept AS (SELECT s FROM old, unnest(old.seqs) s WHERE s <> ALL($5::bigint[])) " +
        $"INSERT INTO {table}(field, v, first, seqs) SELECT $1, $2::{valueType}, min(s), array_agg(DISTINCT s ORDER BY s) FROM kept HAVING count(*) > 0";

    public IReadOnlyList<GarbageEntry> Take(PgWriteContext ctx, int limit)
    {
        var entries = new List<GarbageEntry>();
        using var cmd = ctx.Command(TakeSql);
        cmd.Parameters.AddWithValue(limit);
        using var r = cmd.ExecuteReader();
        while (r.Read()) entries.Add(new(r.GetInt64(0), r.GetGuid(1), r.GetString(2), r.GetString(3)));
        return entries;
    }

    public void DeleteIndexRows(PgWriteContext ctx, IReadOnlyList<CollectedGarbage> collected)
    {
        // A key that was never written has no field id and no rows.
        ctx.Fields.Resolve(ctx, collected.SelectMany(c => c.Entries.Select(e => (c.Garbage.Class, e.Property))).ToHashSet(), create: false);
        var nums = new PostingBatch();
        var texts = new PostingBatch();
        foreach (var (garbage, entries) in collected.OrderBy(c => c.Garbage.Seq))
            foreach (var e in entries)
                if (ctx.Fields.Get(garbage.Class, e.Property) is { } field) PgIndexRowWriter.Add(nums, texts, field, e.Value, garbage.Seq);
        Rewrite(ctx, RewriteNumSql, nums, NpgsqlDbType.Double);
        Rewrite(ctx, RewriteTextSql, texts, NpgsqlDbType.Text);
    }

    private static void Rewrite(PgWriteContext ctx, string sql, PostingBatch dead, NpgsqlDbType valueType)
    {
        foreach (var (key, seqs) in dead.Sorted())
        {
            using var cmd = ctx.Command(sql);
            cmd.Parameters.Add(new() { Value = (int)key.Field, NpgsqlDbType = NpgsqlDbType.Integer });
            cmd.Parameters.Add(new() { Value = key.Value, NpgsqlDbType = valueType });
            cmd.Parameters.Add(new() { Value = key.Part << PostingLists.SeqShift, NpgsqlDbType = NpgsqlDbType.Bigint });
            cmd.Parameters.Add(new() { Value = ((key.Part + 1) << PostingLists.SeqShift) - 1, NpgsqlDbType = NpgsqlDbType.Bigint });
            cmd.Parameters.Add(new() { Value = seqs.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            cmd.ExecuteNonQuery();
        }
    }

    public void Drop(PgWriteContext ctx, IReadOnlyList<CollectedGarbage> collected)
    {
        using var drop = ctx.Command(DropEntriesSql);
        drop.Parameters.Add(new() { Value = collected.Select(c => c.Garbage.Seq).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        drop.ExecuteNonQuery();
    }
}
