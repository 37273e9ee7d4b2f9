using Barge.Core.Indexing;
using Barge.Storage.Relational;
using NpgsqlTypes;

namespace Barge.Storage.Postgres;

/// <summary>
/// PostgreSQL's part of the shared <see cref="IndexGarbageCollector{TContext}"/>: it takes the oldest entries no other
/// node is collecting (SKIP LOCKED) and, for every (field, value) and part the dead seqs had, replaces that part's
/// posting rows by one row without them. The work is set-based, a fixed number of statements per round whatever the
/// number of keys (<see cref="PgPostingRewrite"/>), so a round over a large undo or delete costs one pass over the
/// affected rows rather than a statement per key.
/// </summary>
internal sealed class PgIndexGarbage : IIndexGarbageTable<PgWriteContext>
{
    /// <summary>
    /// Entries per round. A round rewrites every posting row its entries touch, and a common value's row holds a whole
    /// part (8,192 seqs): rounds of a few hundred entries rewrote the same rows dozens of times per part after a large
    /// undo or delete, and the writes queued behind those rounds. A round this size still lets writes in between.
    /// </summary>
    public const int EntriesPerJob = 2_000;
    private const string TakeSql = "SELECT seq, id, class, properties, tenant FROM idx_garbage ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED";
    private const string DropEntriesSql = "DELETE FROM idx_garbage WHERE seq = ANY($1)";

    /// <summary>The tenant of each entry taken (the shared <see cref="GarbageEntry"/> has none): its keyword rows are the tenant's.</summary>
    private readonly Dictionary<long, string> _tenants = [];

    public IReadOnlyList<GarbageEntry> Take(PgWriteContext ctx, int limit)
    {
        var entries = new List<GarbageEntry>();
        _tenants.Clear();
        using var cmd = ctx.Command(TakeSql);
        cmd.Parameters.AddWithValue(limit);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            entries.Add(new(r.GetInt64(0), r.GetGuid(1), r.GetString(2), r.GetString(3)));
            _tenants[r.GetInt64(0)] = r.GetString(4);
        }
        return entries;
    }

    public void DeleteIndexRows(PgWriteContext ctx, IReadOnlyList<CollectedGarbage> collected)
    {
        // A key that was never written has no field id and no rows.
        ctx.Fields.Resolve(ctx, collected.SelectMany(c => c.Entries.Select(e => (c.Garbage.Class, e.Property))).ToHashSet(), create: false);
        var nums = new PostingBatch();
        var texts = new PostingBatch();
        foreach (var (garbage, entries, _, _) in collected.OrderBy(c => c.Garbage.Seq))
            foreach (var e in entries)
                if (ctx.Fields.Get(garbage.Class, e.Property) is { } field) PgIndexRowWriter.Add(nums, texts, field, e.Value, garbage.Seq);
        // A seq is never reused, so every seq taken here is dead in every list that holds it: one set serves all keys.
        var dead = collected.Select(c => c.Garbage.Seq).ToArray();
        PgPostingRewrite.Numbers.Run(ctx, nums, dead);
        PgPostingRewrite.Texts.Run(ctx, texts, dead);
        DeleteKeywordRows(ctx, collected, dead);
    }

    /// <summary>The dead objects' keyword posting rows, from their keyword fields as the collector recomputed them (the totals left them when they were deleted).</summary>
    private void DeleteKeywordRows(PgWriteContext ctx, IReadOnlyList<CollectedGarbage> collected, long[] dead)
    {
        var values = new List<(long Seq, string Class, string Tenant, IReadOnlyList<KeywordField> Fields)>();
        foreach (var c in collected)
            if (c.Keywords.Count > 0)
                values.Add((c.Garbage.Seq, c.Garbage.Class, _tenants.GetValueOrDefault(c.Garbage.Seq, ""), c.Keywords));
        ctx.Fields.Resolve(ctx, values.SelectMany(v => v.Fields.Select(f => (v.Class, PgKeywordRows.KeyOf(f.Property, v.Tenant)))).ToHashSet(), create: false);
        var keys = new HashSet<KeywordListKey>();
        foreach (var (seq, cls, tenant, fields) in values)
            foreach (var field in fields)
                if (ctx.Fields.Get(cls, PgKeywordRows.KeyOf(field.Property, tenant)) is { } id)
                    foreach (var term in field.Terms) keys.Add(new KeywordListKey(id, PgText.Storable(term.Term), PostingLists.Part(seq)));
        PgKeywordRewrite.Run(ctx, keys, dead.ToHashSet());
    }

    public void Drop(PgWriteContext ctx, IReadOnlyList<CollectedGarbage> collected)
    {
        using var drop = ctx.Command(DropEntriesSql);
        drop.Parameters.Add(new() { Value = collected.Select(c => c.Garbage.Seq).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        drop.ExecuteNonQuery();
    }
}
