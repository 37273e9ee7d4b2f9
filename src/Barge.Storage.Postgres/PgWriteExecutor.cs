using Barge.Core.Hat;
using Barge.Core.Objects;
using Barge.Core.Storage;
using NpgsqlTypes;

namespace Barge.Storage.Postgres;

/// <summary>
/// Runs Core's write commands in the writer's open transaction, one outcome per command, with the same observable
/// behaviour as the SQLite store's WriteCommandExecutor. Runs of puts are decided in memory against one lookup of
/// the stored objects they name and written at the next flush (<see cref="PgPendingRows"/>); other commands flush
/// first, so that every command sees the effects of the commands before it.
/// </summary>
internal sealed class PgWriteExecutor
{
    private const string FindManySql =
        "SELECT k.n, o.seq, o.created, o.properties FROM unnest($1::text[], $2::text[], $3::uuid[]) WITH ORDINALITY AS k(class, tenant, id, n) " +
        "JOIN objects o ON o.class = k.class AND o.tenant = k.tenant AND o.id = k.id";
    // FOR UPDATE: a read-modify-write must not interleave with another node's write of the same object.
    private const string LoadSql = "SELECT " + PgObjectRows.Columns + ", o.seq FROM objects o WHERE o.class = $1 AND o.tenant = $2 AND o.id = $3 FOR UPDATE";
    private const string ProvenanceSql = "SELECT seq, properties, batch, batch_created FROM objects WHERE class = $1 AND tenant = $2 AND id = $3 FOR UPDATE";
    private const string DeleteByKeySql =
        "WITH d AS (DELETE FROM objects WHERE class = $1 AND tenant = $2 AND id = $3 RETURNING seq, id, class, properties) " +
        "INSERT INTO idx_garbage(seq, id, class, properties) SELECT seq, id, class, properties FROM d";
    private const string DeleteBySeqSql =
        "WITH d AS (DELETE FROM objects WHERE id = $1 AND seq = $2 RETURNING seq, id, class, properties) " +
        "INSERT INTO idx_garbage(seq, id, class, properties) SELECT seq, id, class, properties FROM d";

    /// <param name="batch">The journal seq of the batch these commands belong to; null for single-object writes.</param>
    public IReadOnlyList<WriteOutcome> Execute(PgWriteContext ctx, IReadOnlyList<WriteCommand> commands, long? batch = null)
    {
        var outcomes = new WriteOutcome[commands.Count];
        var i = 0;
        while (i < commands.Count)
        {
            if (commands[i] is PutObject)
            {
                var end = i;
                while (end < commands.Count && commands[end] is PutObject) end++;
                PutRun(ctx, commands, i, end, outcomes, batch);
                i = end;
                continue;
            }
            ctx.Pending.Flush(ctx);
            outcomes[i] = commands[i] switch
            {
                DeleteObject del => Delete(ctx, del),
                ModifyObject mod => Modify(ctx, mod, batch),
                LinkRecords link => PgLinkRows.Link(ctx, link),
                UnlinkRecords unlink => PgLinkRows.Unlink(ctx, unlink),
                _ => throw new NotSupportedException(commands[i].GetType().Name),
            };
            i++;
        }
        ctx.Pending.Flush(ctx);
        return outcomes;
    }

    private static void PutRun(PgWriteContext ctx, IReadOnlyList<WriteCommand> commands, int start, int end, WriteOutcome[] outcomes, long? batch)
    {
        LoadKnown(ctx, commands, start, end);
        for (var i = start; i < end; i++) outcomes[i] = Put(ctx, (PutObject)commands[i], batch);
    }

    /// <summary>One query for the stored state of every object the run names that the executor does not know yet.</summary>
    private static void LoadKnown(PgWriteContext ctx, IReadOnlyList<WriteCommand> commands, int start, int end)
    {
        var keys = new List<ObjectKey>();
        var asked = new HashSet<ObjectKey>();
        for (var i = start; i < end; i++)
        {
            var put = (PutObject)commands[i];
            if (put.Mode == PutMode.InsertNew || KeyOf(put.Object) is not { } key) continue;
            if (!ctx.Pending.TryGetKnown(key, out _) && asked.Add(key)) keys.Add(key);
        }
        if (keys.Count == 0) return;
        foreach (var key in keys) ctx.Pending.SetKnown(key, KnownObject.Absent);
        using var cmd = ctx.Command(FindManySql);
        cmd.Parameters.Add(new() { Value = keys.Select(k => k.Class).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = keys.Select(k => k.Tenant).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = keys.Select(k => k.Id).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        using var r = cmd.ExecuteReader();
        while (r.Read())
            ctx.Pending.SetKnown(keys[(int)r.GetInt64(0) - 1], new KnownObject(true, r.GetInt64(1), r.GetInt64(2), r.GetString(3), null));
    }

    private static WriteOutcome Put(PgWriteContext ctx, PutObject put, long? batch)
    {
        var o = put.Object;
        if (KeyOf(o) is not { } key) return new WriteOutcome(WriteStatus.Failed, Error: $"id '{o.Id}' is not a UUID");
        var existing = put.Mode == PutMode.InsertNew ? KnownObject.Absent : Known(ctx, key);
        switch (put.Mode)
        {
            case PutMode.CreateOnly when existing.Exists:
                return new WriteOutcome(WriteStatus.AlreadyExists, Error: $"id '{o.Id}' already exists");
            case PutMode.ReplaceExisting when !existing.Exists:
                return new WriteOutcome(WriteStatus.NotFound, Error: $"no object with id '{o.Id}'");
        }
        if (ctx.Vectors.Check(ctx, o.Class, o.Vector) is { } vectorError) return new WriteOutcome(WriteStatus.Failed, Error: vectorError);
        var stored = o;
        if (existing.Exists)
        {
            ctx.Pending.Remove(key, existing);
            if (put.Mode == PutMode.ReplaceExisting) stored = o.WithCreationTime(existing.Created);
        }
        ctx.Pending.Insert(key, stored, put.Index, batch, created: !existing.Exists);
        return new WriteOutcome(WriteStatus.Ok, stored);
    }

    private static KnownObject Known(PgWriteContext ctx, ObjectKey key) =>
        ctx.Pending.TryGetKnown(key, out var known) ? known : KnownObject.Absent;

    private static WriteOutcome Delete(PgWriteContext ctx, DeleteObject del)
    {
        if (PgIds.TryParse(del.Id) is not { } id) return new WriteOutcome(WriteStatus.NotFound);
        if (del.OnlyIfCreatedByBatch is { } batch) return DeleteIfCreatedBy(ctx, del, id, batch);
        using var cmd = ctx.Command(DeleteByKeySql);
        cmd.Parameters.AddWithValue(del.Class);
        cmd.Parameters.AddWithValue(PgText.Tenant(del.Tenant));
        cmd.Parameters.AddWithValue(id);
        return cmd.ExecuteNonQuery() == 0 ? new WriteOutcome(WriteStatus.NotFound) : new WriteOutcome(WriteStatus.Ok);
    }

    /// <summary>Undo's delete: only an object that <paramref name="batch"/> created and nothing wrote since.</summary>
    private static WriteOutcome DeleteIfCreatedBy(PgWriteContext ctx, DeleteObject del, Guid id, long batch)
    {
        long seq;
        using (var cmd = ctx.Command(ProvenanceSql))
        {
            cmd.Parameters.AddWithValue(del.Class);
            cmd.Parameters.AddWithValue(PgText.Tenant(del.Tenant));
            cmd.Parameters.AddWithValue(id);
            using var r = cmd.ExecuteReader();
            if (!r.Read()) return new WriteOutcome(WriteStatus.NotFound, Error: "deleted since");
            if (r.IsDBNull(2) || r.GetInt64(2) != batch || r.IsDBNull(3) || !r.GetBoolean(3))
                return new WriteOutcome(WriteStatus.Failed, Error: "changed since");
            seq = r.GetInt64(0);
        }
        RemoveStored(ctx, id, seq);
        return new WriteOutcome(WriteStatus.Ok);
    }

    private static WriteOutcome Modify(PgWriteContext ctx, ModifyObject mod, long? batch)
    {
        if (PgIds.TryParse(mod.Id) is not { } id)
            return mod.Create is null ? new WriteOutcome(WriteStatus.NotFound) : new WriteOutcome(WriteStatus.Failed, Error: $"id '{mod.Id}' is not a UUID");
        var key = new ObjectKey(mod.Class, PgText.Tenant(mod.Tenant), id);
        StoredObject current;
        long seq;
        using (var cmd = ctx.Command(LoadSql))
        {
            cmd.Parameters.AddWithValue(mod.Class);
            cmd.Parameters.AddWithValue(PgText.Tenant(mod.Tenant));
            cmd.Parameters.AddWithValue(id);
            using var r = cmd.ExecuteReader();
            if (!r.Read())
            {
                r.Close();
                return mod.Create is null ? new WriteOutcome(WriteStatus.NotFound) : Create(ctx, key, mod.Create(), batch);
            }
            current = PgObjectRows.Read(r);
            seq = r.GetInt64(PgObjectRows.ColumnCount);
        }
        var result = mod.Mutate(current);
        if (result.Error is not null) return new WriteOutcome(WriteStatus.Failed, Error: result.Error);
        var replacement = result.Replacement!;
        if (ctx.Vectors.Check(ctx, replacement.Class, replacement.Vector) is { } vectorError) return new WriteOutcome(WriteStatus.Failed, Error: vectorError);
        RemoveStored(ctx, id, seq);
        ctx.Pending.Insert(key, replacement, result.Index ?? [], batch, created: false);
        return new WriteOutcome(WriteStatus.Ok, replacement);
    }

    /// <summary>The create half of a merge-upsert (<see cref="ModifyObject.Create"/>).</summary>
    private static WriteOutcome Create(PgWriteContext ctx, ObjectKey key, ModifyResult result, long? batch)
    {
        if (result.Error is not null) return new WriteOutcome(WriteStatus.Failed, Error: result.Error);
        var created = result.Replacement!;
        if (ctx.Vectors.Check(ctx, created.Class, created.Vector) is { } vectorError) return new WriteOutcome(WriteStatus.Failed, Error: vectorError);
        ctx.Pending.Insert(key, created, result.Index ?? [], batch, created: true);
        return new WriteOutcome(WriteStatus.Ok, created);
    }

    /// <summary>Deletes a stored object row (locked by the read before) and queues its index rows for the collector.</summary>
    private static void RemoveStored(PgWriteContext ctx, Guid id, long seq)
    {
        using var cmd = ctx.Command(DeleteBySeqSql);
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(seq);
        if (cmd.ExecuteNonQuery() != 1) throw new ConcurrentChangeException("object deleted while being modified");
    }

    private static ObjectKey? KeyOf(StoredObject o) =>
        PgIds.TryParse(o.Id) is { } id ? new ObjectKey(o.Class, PgText.Tenant(o.Tenant), id) : null;

}
