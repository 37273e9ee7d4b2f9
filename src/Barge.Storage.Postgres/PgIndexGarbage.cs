using Barge.Storage.Relational;
using NpgsqlTypes;

namespace Barge.Storage.Postgres;

/// <summary>
/// PostgreSQL's part of the shared <see cref="IndexGarbageCollector{TContext}"/>: it takes the oldest entries no other
/// node is collecting (SKIP LOCKED) and deletes index rows and entries with one unnest statement per table.
/// </summary>
internal sealed class PgIndexGarbage : IIndexGarbageTable<PgWriteContext>
{
    private const string TakeSql = "SELECT seq, id, class, properties FROM idx_garbage ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED";
    private const string DeleteNumSql =
        "DELETE FROM idx_num WHERE (field, v, seq, id) IN (SELECT * FROM unnest($1::integer[], $2::double precision[], $3::bigint[], $4::uuid[]))";
    private const string DeleteTextSql =
        "DELETE FROM idx_text WHERE (field, v, seq, id) IN (SELECT * FROM unnest($1::integer[], $2::text[], $3::bigint[], $4::uuid[]))";
    private const string DropEntriesSql = "DELETE FROM idx_garbage WHERE seq = ANY($1)";

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
        var nums = new Rows<double>();
        var texts = new Rows<string>();
        foreach (var (garbage, entries) in collected)
            foreach (var e in entries)
            {
                if (ctx.Fields.Get(garbage.Class, e.Property) is not { } field) continue;
                if (e.Value is string s) texts.Add(field, PgText.Storable(s), garbage.Seq, garbage.Id);
                else nums.Add(field, PgIndexRowWriter.ToDouble(e.Value), garbage.Seq, garbage.Id);
            }
        nums.Delete(ctx, DeleteNumSql, NpgsqlDbType.Double);
        texts.Delete(ctx, DeleteTextSql, NpgsqlDbType.Text);
    }

    public void Drop(PgWriteContext ctx, IReadOnlyList<CollectedGarbage> collected)
    {
        using var drop = ctx.Command(DropEntriesSql);
        drop.Parameters.Add(new() { Value = collected.Select(c => c.Garbage.Seq).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        drop.ExecuteNonQuery();
    }

    /// <summary>Index rows to delete, as the columns of one unnest.</summary>
    private sealed class Rows<T>
    {
        private readonly List<int> _fields = [];
        private readonly List<T> _values = [];
        private readonly List<long> _seqs = [];
        private readonly List<Guid> _ids = [];

        public void Add(int field, T value, long seq, Guid id)
        {
            _fields.Add(field);
            _values.Add(value);
            _seqs.Add(seq);
            _ids.Add(id);
        }

        public void Delete(PgWriteContext ctx, string sql, NpgsqlDbType valueType)
        {
            if (_fields.Count == 0) return;
            using var cmd = ctx.Command(sql);
            cmd.Parameters.Add(new() { Value = _fields.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
            cmd.Parameters.Add(new() { Value = _values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | valueType });
            cmd.Parameters.Add(new() { Value = _seqs.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            cmd.Parameters.Add(new() { Value = _ids.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            cmd.ExecuteNonQuery();
        }
    }
}
