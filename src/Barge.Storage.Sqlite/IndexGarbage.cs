using Barge.Core.Indexing;
using Barge.Storage.Relational;

namespace Barge.Storage.Sqlite;

/// <summary>
/// SQLite's part of the shared <see cref="IndexGarbageCollector{TContext}"/>: <c>idx_garbage</c> and the posting rows,
/// rewritten without the dead seqs through <see cref="IndexRows"/>, key by key. One writer per database, so no entry is ever contended.
/// </summary>
/// <remarks>
/// A dead object's keyword postings go in the same rounds: recomputed from its stored properties with its class in the
/// live schema (with its entries, by the collector), under the tenant its entry names.
/// </remarks>
internal sealed class IndexGarbage : IIndexGarbageTable<WriteContext>
{
    private readonly Dictionary<long, string> _tenants = [];

    // Only seqs whose entries are on disk: one above the flushed mark may still be in the in-memory segment, whose
    // part is written later with it; collecting it now would find no row, drop the entry and leave the row for good.
    private const string TakeSql = "SELECT seq, class, properties, tenant FROM idx_garbage WHERE seq <= (SELECT flushed FROM index_state) ORDER BY seq LIMIT $p0";
    private const string DropSql = "DELETE FROM idx_garbage WHERE seq = $p0";

    public IReadOnlyList<GarbageEntry> Take(WriteContext ctx, int limit)
    {
        // The collector's rounds are also the writer's idle moments: a part completed by the last commit before a
        // pause is written here (and its dead seqs become collectable) instead of waiting for the next write.
        ctx.Index.Flush(ctx);
        var entries = new List<GarbageEntry>();
        _tenants.Clear();
        using var r = ctx.Statement(TakeSql, 1).Set(0, (long)limit).Command.ExecuteReader();
        while (r.Read())
        {
            entries.Add(new(r.GetInt64(0), Guid.Empty, r.GetString(1), r.GetString(2)));
            _tenants[r.GetInt64(0)] = r.GetString(3);
        }
        return entries;
    }

    public void DeleteIndexRows(WriteContext ctx, IReadOnlyList<CollectedGarbage> collected)
    {
        foreach (var c in collected)
        {
            ctx.Index.Delete(ctx, c.Garbage.Class, c.Garbage.Seq, c.Entries);
            if (c.Keywords.Count > 0)
                ctx.Index.DeleteKeywords(ctx, c.Garbage.Class, _tenants.GetValueOrDefault(c.Garbage.Seq, ""), c.Garbage.Seq, c.Keywords);
        }
        ctx.Index.Flush(ctx);
    }

    public void Drop(WriteContext ctx, IReadOnlyList<CollectedGarbage> collected)
    {
        foreach (var c in collected) ctx.Statement(DropSql, 1).Set(0, c.Garbage.Seq).Command.ExecuteNonQuery();
    }
}
