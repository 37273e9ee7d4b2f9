using Barge.Core.Indexing;
using Barge.Core.Objects;
using Barge.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Barge.Storage.Sqlite;

/// <summary>Runs Core's write commands against the writer's open transaction, one outcome per command.</summary>
internal static class WriteCommandExecutor
{
    private const string FindSql = "SELECT seq, created FROM objects WHERE class = $c AND tenant = $t AND id = $id";
    private const string LoadSql = "SELECT " + ObjectRows.Columns + ", o.seq FROM objects o WHERE o.class = $c AND o.tenant = $t AND o.id = $id";
    private const string DeleteIndexSql = "DELETE FROM idx WHERE seq = $seq";
    private const string DeleteObjectSql = "DELETE FROM objects WHERE seq = $seq";
    private const string InsertObjectSql =
        "INSERT INTO objects(class, id, tenant, created, updated, properties, vector) VALUES($c, $id, $t, $cr, $up, $p, $v) RETURNING seq";
    private const string InsertIndexSql = "INSERT OR IGNORE INTO idx(class, prop, v, seq) VALUES($c, $p, $v, $seq)";
    private const string VectorDimsSql = "SELECT dimensions FROM class_vectors WHERE class = $c";
    private const string SetVectorDimsSql = "INSERT INTO class_vectors(class, dimensions) VALUES($c, $d)";

    public static IReadOnlyList<WriteOutcome> Execute(WriteContext ctx, IReadOnlyList<WriteCommand> commands)
    {
        var outcomes = new WriteOutcome[commands.Count];
        for (var i = 0; i < commands.Count; i++)
        {
            outcomes[i] = commands[i] switch
            {
                PutObject put => Put(ctx, put),
                DeleteObject del => Delete(ctx, del),
                ModifyObject mod => Modify(ctx, mod),
                _ => throw new NotSupportedException(commands[i].GetType().Name),
            };
        }
        return outcomes;
    }

    private static WriteOutcome Put(WriteContext ctx, PutObject put)
    {
        var o = put.Object;
        var existing = Find(ctx, o.Class, o.Tenant, o.Id);
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
            RemoveRow(ctx, old.Seq);
            if (put.Mode == PutMode.ReplaceExisting) stored = WithCreation(o, old.Created);
        }
        Insert(ctx, stored, put.Index);
        return new WriteOutcome(WriteStatus.Ok, stored);
    }

    private static WriteOutcome Delete(WriteContext ctx, DeleteObject del)
    {
        if (Find(ctx, del.Class, del.Tenant, del.Id) is not { } existing) return new WriteOutcome(WriteStatus.NotFound);
        RemoveRow(ctx, existing.Seq);
        return new WriteOutcome(WriteStatus.Ok);
    }

    private static WriteOutcome Modify(WriteContext ctx, ModifyObject mod)
    {
        var cmd = ctx.Command(LoadSql);
        Bind(cmd, ("$c", mod.Class), ("$t", mod.Tenant ?? ""), ("$id", mod.Id));
        StoredObject current;
        long seq;
        using (var r = cmd.ExecuteReader())
        {
            if (!r.Read()) return new WriteOutcome(WriteStatus.NotFound);
            current = ObjectRows.Read(r);
            seq = r.GetInt64(7);
        }
        var result = mod.Mutate(current);
        if (result.Error is not null) return new WriteOutcome(WriteStatus.Failed, Error: result.Error);
        var replacement = result.Replacement!;
        if (CheckVector(ctx, replacement) is { } vectorError) return new WriteOutcome(WriteStatus.Failed, Error: vectorError);
        RemoveRow(ctx, seq);
        Insert(ctx, replacement, result.Index ?? []);
        return new WriteOutcome(WriteStatus.Ok, replacement);
    }

    private static (long Seq, long Created)? Find(WriteContext ctx, string cls, string? tenant, string id)
    {
        var cmd = ctx.Command(FindSql);
        Bind(cmd, ("$c", cls), ("$t", tenant ?? ""), ("$id", id));
        using var r = cmd.ExecuteReader();
        return r.Read() ? (r.GetInt64(0), r.GetInt64(1)) : null;
    }

    private static void RemoveRow(WriteContext ctx, long seq)
    {
        var delIdx = ctx.Command(DeleteIndexSql);
        Bind(delIdx, ("$seq", seq));
        delIdx.ExecuteNonQuery();
        var delObj = ctx.Command(DeleteObjectSql);
        Bind(delObj, ("$seq", seq));
        delObj.ExecuteNonQuery();
    }

    private static void Insert(WriteContext ctx, StoredObject o, IReadOnlyList<IndexEntry> index)
    {
        var ins = ctx.Command(InsertObjectSql);
        Bind(ins, ("$c", o.Class), ("$id", o.Id), ("$t", o.Tenant ?? ""), ("$cr", o.CreationTimeUnix), ("$up", o.LastUpdateTimeUnix),
            ("$p", o.Properties.ToJsonString()), ("$v", ObjectRows.VectorBytes(o.Vector)));
        var seq = (long)ins.ExecuteScalar()!;
        if (index.Count == 0) return;
        var insIdx = ctx.Command(InsertIndexSql);
        foreach (var entry in index)
        {
            Bind(insIdx, ("$c", o.Class), ("$p", entry.Property), ("$v", entry.Value), ("$seq", seq));
            insIdx.ExecuteNonQuery();
        }
    }

    /// <summary>A class is bound to the vector length of its first vector; later vectors must match it.</summary>
    private static string? CheckVector(WriteContext ctx, StoredObject o)
    {
        if (o.Vector is not { Length: > 0 } vector) return null;
        var get = ctx.Command(VectorDimsSql);
        Bind(get, ("$c", o.Class));
        var dims = get.ExecuteScalar();
        if (dims is long d)
            return d == vector.Length ? null : $"new node has a vector with length {vector.Length}. Existing nodes have vectors with length {d}";
        var set = ctx.Command(SetVectorDimsSql);
        Bind(set, ("$c", o.Class), ("$d", (long)vector.Length));
        set.ExecuteNonQuery();
        return null;
    }

    private static StoredObject WithCreation(StoredObject o, long created) => new()
    {
        Class = o.Class, Id = o.Id, Tenant = o.Tenant, Properties = o.Properties, Vector = o.Vector,
        CreationTimeUnix = created, LastUpdateTimeUnix = o.LastUpdateTimeUnix,
    };

    internal static void Bind(SqliteCommand cmd, params ReadOnlySpan<(string Name, object? Value)> values)
    {
        cmd.Parameters.Clear();
        foreach (var (name, value) in values) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
    }
}
