using System.Text.Json.Nodes;
using Barge.Core.Hat;
using Barge.Core.Indexing;
using Barge.Core.Objects;
using Barge.Core.Schema;
using Barge.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Barge.Storage.Sqlite;

/// <summary>
/// Runs Core's write commands against the writer's open transaction, one outcome per command.
/// Replacing or deleting an object queues its index rows for removal in the background (see
/// <see cref="IndexGarbage"/>), which recomputes them from the stored properties with the class from
/// the live schema: no second index by seq, and no random index deletes on the hot path.
/// Objects written for a journaled batch are tagged with its seq and whether the write created them (undo).
/// </summary>
internal sealed class WriteCommandExecutor
{
    private const string FindSql = "SELECT seq, created, properties FROM objects WHERE class = $p0 AND tenant = $p1 AND id = $p2";
    private const string LoadSql = "SELECT " + ObjectRows.Columns + ", o.seq FROM objects o WHERE o.class = $p0 AND o.tenant = $p1 AND o.id = $p2";
    private const string DeleteObjectSql = "DELETE FROM objects WHERE seq = $p0";
    private const string ProvenanceSql = "SELECT seq, properties, batch, batch_created FROM objects WHERE class = $p0 AND tenant = $p1 AND id = $p2";
    private const string QueueGarbageSql = "INSERT INTO idx_garbage(seq, class, properties) VALUES($p0, $p1, $p2)";
    private const string VectorDimsSql = "SELECT dimensions FROM class_vectors WHERE class = $p0";
    private const string SetVectorDimsSql = "INSERT INTO class_vectors(class, dimensions) VALUES($p0, $p1)";

    private readonly record struct Existing(long Seq, long Created, string Properties);

    /// <param name="batch">The journal seq of the batch these commands belong to; null for single-object writes.</param>
    public IReadOnlyList<WriteOutcome> Execute(WriteContext ctx, IReadOnlyList<WriteCommand> commands, long? batch = null)
    {
        var outcomes = new WriteOutcome[commands.Count];
        for (var i = 0; i < commands.Count; i++)
        {
            outcomes[i] = commands[i] switch
            {
                PutObject put => Put(ctx, put, batch),
                DeleteObject del => Delete(ctx, del),
                ModifyObject mod => Modify(ctx, mod, batch),
                LinkRecords link => LinkRows.Link(ctx, link),
                UnlinkRecords unlink => LinkRows.Unlink(ctx, unlink),
                _ => throw new NotSupportedException(commands[i].GetType().Name),
            };
        }
        ctx.Index.Flush(ctx);
        return outcomes;
    }

    private WriteOutcome Put(WriteContext ctx, PutObject put, long? batch)
    {
        var o = put.Object;
        var existing = put.Mode == PutMode.InsertNew ? null : Find(ctx, o.Class, o.Tenant, o.Id);
        switch (put.Mode)
        {
            case PutMode.CreateOnly when existing is not null:
                return new WriteOutcome(WriteStatus.AlreadyExists, Error: $"id '{o.Id}' already exists");
            case PutMode.ReplaceExisting when existing is null:
                return new WriteOutcome(WriteStatus.NotFound, Error: $"no object with id '{o.Id}'");
        }
        if (CheckVector(ctx, o) is { } vectorError) return new WriteOutcome(WriteStatus.Failed, Error: vectorError);
        var stored = o;
        if (existing is { } old)
        {
            Remove(ctx, o.Class, old.Seq, old.Properties);
            if (put.Mode == PutMode.ReplaceExisting) stored = o.WithCreationTime(old.Created);
        }
        Insert(ctx, stored, put.Index, batch, created: existing is null);
        return new WriteOutcome(WriteStatus.Ok, stored);
    }

    private WriteOutcome Delete(WriteContext ctx, DeleteObject del)
    {
        if (del.OnlyIfCreatedByBatch is { } batch) return DeleteIfCreatedBy(ctx, del, batch);
        if (Find(ctx, del.Class, del.Tenant, del.Id) is not { } existing) return new WriteOutcome(WriteStatus.NotFound);
        Remove(ctx, del.Class, existing.Seq, existing.Properties);
        return new WriteOutcome(WriteStatus.Ok);
    }

    /// <summary>Undo's delete: only an object that <paramref name="batch"/> created and nothing wrote since.</summary>
    private WriteOutcome DeleteIfCreatedBy(WriteContext ctx, DeleteObject del, long batch)
    {
        long seq;
        string properties;
        using (var r = ctx.Statement(ProvenanceSql, 3).Set(0, del.Class).Set(1, del.Tenant ?? "").Set(2, del.Id).Command.ExecuteReader())
        {
            if (!r.Read()) return new WriteOutcome(WriteStatus.NotFound, Error: "deleted since");
            if (r.IsDBNull(2) || r.GetInt64(2) != batch || r.IsDBNull(3) || r.GetInt64(3) != 1)
                return new WriteOutcome(WriteStatus.Failed, Error: "changed since");
            seq = r.GetInt64(0);
            properties = r.GetString(1);
        }
        Remove(ctx, del.Class, seq, properties);
        return new WriteOutcome(WriteStatus.Ok);
    }

    private WriteOutcome Modify(WriteContext ctx, ModifyObject mod, long? batch)
    {
        StoredObject current;
        long seq;
        using (var r = ctx.Statement(LoadSql, 3).Set(0, mod.Class).Set(1, mod.Tenant ?? "").Set(2, mod.Id).Command.ExecuteReader())
        {
            if (!r.Read()) return mod.Create is null ? new WriteOutcome(WriteStatus.NotFound) : Create(ctx, mod.Create(), batch);
            current = ObjectRows.Read(r);
            seq = r.GetInt64(7);
        }
        var result = mod.Mutate(current);
        if (result.Error is not null) return new WriteOutcome(WriteStatus.Failed, Error: result.Error);
        var replacement = result.Replacement!;
        if (CheckVector(ctx, replacement) is { } vectorError) return new WriteOutcome(WriteStatus.Failed, Error: vectorError);
        QueueIndexRemoval(ctx, current.Class, seq, current.Properties.ToJsonString());
        ctx.Statement(DeleteObjectSql, 1).Set(0, seq).Command.ExecuteNonQuery();
        Insert(ctx, replacement, result.Index ?? [], batch, created: false);
        return new WriteOutcome(WriteStatus.Ok, replacement);
    }

    /// <summary>The create half of a merge-upsert (<see cref="ModifyObject.Create"/>).</summary>
    private static WriteOutcome Create(WriteContext ctx, ModifyResult result, long? batch)
    {
        if (result.Error is not null) return new WriteOutcome(WriteStatus.Failed, Error: result.Error);
        var created = result.Replacement!;
        if (CheckVector(ctx, created) is { } vectorError) return new WriteOutcome(WriteStatus.Failed, Error: vectorError);
        Insert(ctx, created, result.Index ?? [], batch, created: true);
        return new WriteOutcome(WriteStatus.Ok, created);
    }

    private static Existing? Find(WriteContext ctx, string cls, string? tenant, string id)
    {
        using var r = ctx.Statement(FindSql, 3).Set(0, cls).Set(1, tenant ?? "").Set(2, id).Command.ExecuteReader();
        return r.Read() ? new Existing(r.GetInt64(0), r.GetInt64(1), r.GetString(2)) : null;
    }

    private static void Remove(WriteContext ctx, string cls, long seq, string propertiesJson)
    {
        QueueIndexRemoval(ctx, cls, seq, propertiesJson);
        ctx.Statement(DeleteObjectSql, 1).Set(0, seq).Command.ExecuteNonQuery();
    }

    /// <summary>
    /// The object's index rows are removed later by <see cref="IndexGarbage"/>; meanwhile they point at a
    /// seq that no object will ever have again, so no query can match them. Should the class have changed by then,
    /// rows that are not recomputed stay behind, just as harmless.
    /// </summary>
    private static void QueueIndexRemoval(WriteContext ctx, string cls, long seq, string propertiesJson) =>
        ctx.Statement(QueueGarbageSql, 3).Set(0, seq).Set(1, cls).Set(2, propertiesJson).Command.ExecuteNonQuery();

    private static void Insert(WriteContext ctx, StoredObject o, IReadOnlyList<IndexEntry> index, long? batch, bool created)
    {
        var seq = ObjectInsertStatement.Insert(ctx, o, batch, created);
        ctx.Index.Insert(ctx, o.Class, seq, index);
    }

    /// <summary>A class is bound to the vector length of its first vector; later vectors must match it.</summary>
    private static string? CheckVector(WriteContext ctx, StoredObject o)
    {
        if (o.Vector is not { Length: > 0 } vector) return null;
        var dims = ctx.Statement(VectorDimsSql, 1).Set(0, o.Class).Command.ExecuteScalar();
        if (dims is long d)
            return d == vector.Length ? null : $"new node has a vector with length {vector.Length}. Existing nodes have vectors with length {d}";
        ctx.Statement(SetVectorDimsSql, 2).Set(0, o.Class).Set(1, (long)vector.Length).Command.ExecuteNonQuery();
        return null;
    }


    internal static void Bind(SqliteCommand cmd, params ReadOnlySpan<(string Name, object? Value)> values)
    {
        cmd.Parameters.Clear();
        foreach (var (name, value) in values) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
    }
}
