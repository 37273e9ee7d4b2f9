using Barge.Core.Indexing;
using Barge.Core.Objects;
using Barge.Core.Storage;
using Barge.Storage.Relational;
using Npgsql;
using NpgsqlTypes;

namespace Barge.Storage.Postgres;

/// <summary>
/// PostgreSQL's object rows for the shared <see cref="WriteExecutor{TContext, TKey, TStored}"/>. Runs of puts are
/// decided in memory against one lookup of the stored objects they name and written at the next flush
/// (<see cref="PgPendingRows"/>); other commands flush first (<see cref="Settle"/>), so that every command sees the
/// effects of the commands before it. Reads that precede a change lock the row: other nodes write the same tables.
/// </summary>
internal sealed class PgObjectWrites : IObjectRows<PgWriteContext, ObjectKey, KnownObject>
{
    private const string FindManySql =
        "SELECT k.n, o.seq, o.created FROM unnest($1::text[], $2::text[], $3::uuid[]) WITH ORDINALITY AS k(class, tenant, id, n) " +
        "JOIN objects o ON o.class = k.class AND o.tenant = k.tenant AND o.id = k.id";
    // FOR UPDATE: a read-modify-write must not interleave with another node's write of the same object.
    private const string LoadSql = "SELECT " + PgObjectRows.Columns + ", o.seq FROM objects o WHERE o.class = $1 AND o.tenant = $2 AND o.id = $3 FOR UPDATE";
    private const string ProvenanceSql = "SELECT seq, batch, batch_created FROM objects WHERE class = $1 AND tenant = $2 AND id = $3 FOR UPDATE";
    // FOR UPDATE OF o, in id order: the rows a run of deletes removes are locked as one read, in the lock order every node uses.
    private const string ProvenanceManySql =
        "SELECT k.n, o.seq, o.batch, o.batch_created FROM unnest($1::text[], $2::text[], $3::uuid[]) WITH ORDINALITY AS k(class, tenant, id, n) " +
        "JOIN objects o ON o.class = k.class AND o.tenant = k.tenant AND o.id = k.id ORDER BY o.id FOR UPDATE OF o";
    /// <summary>
    /// The properties of a row read to be replaced or deleted are not fetched: the statement that deletes the row
    /// queues its garbage from the row itself (<see cref="PgPendingRows"/>), so they would only travel there and back.
    /// </summary>
    private const string NotRead = "";

    /// <summary>Keys per locking read of a run of deletes: bounds one statement's arrays, not the run.</summary>
    private const int ReadChunk = 20_000;
    private const string DeleteByKeySql =
        "WITH d AS (DELETE FROM objects WHERE class = $1 AND tenant = $2 AND id = $3 RETURNING " + PgKeywordTotals.DeletedColumns + ")" +
        PgKeywordTotals.DeletedObjects;

    public ObjectKey? Key(string cls, string? tenant, string id) =>
        PgIds.TryParse(id) is { } uuid ? new ObjectKey(cls, PgText.Tenant(tenant), uuid) : null;

    public string UnstorableId(string id) => $"id '{id}' is not a UUID";

    /// <summary>One query for the stored state of every object the run names that the executor does not know yet.</summary>
    public void BeginPuts(PgWriteContext ctx, IReadOnlyList<ObjectKey> keys)
    {
        var unknown = new List<ObjectKey>();
        var asked = new HashSet<ObjectKey>();
        foreach (var key in keys)
            if (!ctx.Pending.TryGetKnown(key, out _) && asked.Add(key)) unknown.Add(key);
        if (unknown.Count == 0) return;
        foreach (var key in unknown) ctx.Pending.SetKnown(key, KnownObject.Absent);
        using var cmd = ByKeys(ctx, FindManySql, unknown);
        using var r = cmd.ExecuteReader();
        while (r.Read())
            ctx.Pending.SetKnown(unknown[(int)r.GetInt64(0) - 1], new KnownObject(true, r.GetInt64(1), r.GetInt64(2), null, null));
    }

    /// <summary>
    /// One locking read of every object a run of deletes names (in chunks, in id order across them all: the lock order
    /// every node uses); <see cref="Delete"/> and <see cref="Provenance"/> answer from it, and the deletes themselves
    /// go out as one statement at the flush (<see cref="PgPendingRows"/>).
    /// </summary>
    public void BeginDeletes(PgWriteContext ctx, IReadOnlyList<ObjectKey> keys)
    {
        var distinct = keys.Distinct().OrderBy(k => k.Id).ToList();
        foreach (var key in distinct) ctx.Pending.SetProvenance(key, null);
        foreach (var chunk in distinct.Chunk(ReadChunk))
        {
            using var cmd = ByKeys(ctx, ProvenanceManySql, chunk);
            using var r = cmd.ExecuteReader();
            while (r.Read())
                ctx.Pending.SetProvenance(chunk[(int)r.GetInt64(0) - 1],
                    new StoredProvenance(r.GetInt64(1), NotRead, r.IsDBNull(2) ? null : r.GetInt64(2), !r.IsDBNull(3) && r.GetBoolean(3)));
        }
    }

    public void Settle(PgWriteContext ctx) => ctx.Pending.Flush(ctx);

    public void Flush(PgWriteContext ctx) => ctx.Pending.Flush(ctx);

    public KnownObject? Find(PgWriteContext ctx, ObjectKey key) =>
        ctx.Pending.TryGetKnown(key, out var known) && known.Exists ? known : null;

    public void Remove(PgWriteContext ctx, ObjectKey key, KnownObject existing) => ctx.Pending.Remove(key, existing);

    public void Insert(PgWriteContext ctx, ObjectKey key, StoredObject o, IReadOnlyList<IndexEntry> index, long? batch, bool created) =>
        ctx.Pending.Insert(key, o, index, null, batch, created);

    public void Insert(PgWriteContext ctx, ObjectKey key, StoredObject o, IReadOnlyList<IndexEntry> index, IReadOnlyList<KeywordField>? keywords, long? batch, bool created) =>
        ctx.Pending.Insert(key, o, index, keywords, batch, created);

    /// <summary>
    /// From the read of <see cref="BeginDeletes"/> when it named the key (the row is then deleted at the flush, with
    /// the others), else one statement of its own.
    /// </summary>
    public bool Delete(PgWriteContext ctx, ObjectKey key)
    {
        if (ctx.Pending.TryGetProvenance(key, out var read))
        {
            if (read is not { } stored) return false;
            RemoveStored(ctx, key, stored.Seq, stored.Properties);
            return true;
        }
        using var cmd = ByKey(ctx, DeleteByKeySql, key);
        return (long)cmd.ExecuteScalar()! != 0;
    }

    public StoredProvenance? Provenance(PgWriteContext ctx, ObjectKey key)
    {
        if (ctx.Pending.TryGetProvenance(key, out var read)) return read;
        using var cmd = ByKey(ctx, ProvenanceSql, key);
        using var r = cmd.ExecuteReader();
        if (!r.Read()) return null;
        return new StoredProvenance(r.GetInt64(0), NotRead, r.IsDBNull(1) ? null : r.GetInt64(1), !r.IsDBNull(2) && r.GetBoolean(2));
    }

    public LoadedObject? Load(PgWriteContext ctx, ObjectKey key)
    {
        using var cmd = ByKey(ctx, LoadSql, key);
        using var r = cmd.ExecuteReader();
        return r.Read() ? new LoadedObject(PgObjectRows.Read(r), r.GetInt64(PgObjectRows.ColumnCount), r.GetString(5)) : null;
    }

    /// <summary>
    /// Deletes a stored object row (locked by the read before) at the next flush, with one statement for all of them,
    /// and queues its index rows for the collector; the flush fails with a concurrent change if a row is gone.
    /// </summary>
    public void RemoveStored(PgWriteContext ctx, ObjectKey key, long seq, string properties) =>
        ctx.Pending.Remove(key, new KnownObject(true, seq, 0, properties, null));

    /// <summary>A command whose parameters $1, $2 and $3 are the keys' classes, tenants and ids, as arrays in key order.</summary>
    private static NpgsqlCommand ByKeys(PgWriteContext ctx, string sql, IReadOnlyList<ObjectKey> keys)
    {
        var cmd = ctx.Command(sql);
        cmd.Parameters.Add(new() { Value = keys.Select(k => k.Class).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = keys.Select(k => k.Tenant).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = keys.Select(k => k.Id).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        return cmd;
    }

    /// <summary>A command whose parameters $1, $2 and $3 are the key's class, tenant and id.</summary>
    private static NpgsqlCommand ByKey(PgWriteContext ctx, string sql, ObjectKey key)
    {
        var cmd = ctx.Command(sql);
        cmd.Parameters.AddWithValue(key.Class);
        cmd.Parameters.AddWithValue(key.Tenant);
        cmd.Parameters.AddWithValue(key.Id);
        return cmd;
    }

    public string? CheckVector(PgWriteContext ctx, StoredObject o) => ctx.Vectors.Check(ctx, o.Class, o.Vector);

    public WriteOutcome RunOther(PgWriteContext ctx, WriteCommand command) => command switch
    {
        LinkRecords link => PgLinkRows.Link(ctx, link),
        UnlinkRecords unlink => PgLinkRows.Unlink(ctx, unlink),
        _ => throw new NotSupportedException(command.GetType().Name),
    };
}
