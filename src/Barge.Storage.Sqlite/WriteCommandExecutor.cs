using System.Text.Json.Nodes;
using Barge.Core.Indexing;
using Barge.Core.Objects;
using Barge.Core.Schema;
using Barge.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Barge.Storage.Sqlite;

/// <summary>
/// Runs Core's write commands against the writer's open transaction, one outcome per command.
/// Replacing or deleting an object removes its index rows by recomputing them from the stored properties
/// with the class from <paramref name="classes"/>: no second index by seq is needed on the hot path.
/// </summary>
internal sealed class WriteCommandExecutor(Func<string, ClassDefinition?> classes)
{
    private const string FindSql = "SELECT seq, created, properties FROM objects WHERE class = $p0 AND tenant = $p1 AND id = $p2";
    private const string LoadSql = "SELECT " + ObjectRows.Columns + ", o.seq FROM objects o WHERE o.class = $p0 AND o.tenant = $p1 AND o.id = $p2";
    private const string DeleteObjectSql = "DELETE FROM objects WHERE seq = $p0";
    private const string InsertObjectSql =
        "INSERT INTO objects(class, id, tenant, created, updated, properties, vector) VALUES($p0, $p1, $p2, $p3, $p4, $p5, $p6) RETURNING seq";
    private const string VectorDimsSql = "SELECT dimensions FROM class_vectors WHERE class = $p0";
    private const string SetVectorDimsSql = "INSERT INTO class_vectors(class, dimensions) VALUES($p0, $p1)";

    private readonly record struct Existing(long Seq, long Created, string Properties);

    public IReadOnlyList<WriteOutcome> Execute(WriteContext ctx, IReadOnlyList<WriteCommand> commands)
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

    private WriteOutcome Put(WriteContext ctx, PutObject put)
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
            if (put.Mode == PutMode.ReplaceExisting) stored = WithCreation(o, old.Created);
        }
        Insert(ctx, stored, put.Index);
        return new WriteOutcome(WriteStatus.Ok, stored);
    }

    private WriteOutcome Delete(WriteContext ctx, DeleteObject del)
    {
        if (Find(ctx, del.Class, del.Tenant, del.Id) is not { } existing) return new WriteOutcome(WriteStatus.NotFound);
        Remove(ctx, del.Class, existing.Seq, existing.Properties);
        return new WriteOutcome(WriteStatus.Ok);
    }

    private WriteOutcome Modify(WriteContext ctx, ModifyObject mod)
    {
        StoredObject current;
        long seq;
        using (var r = ctx.Statement(LoadSql, 3).Set(0, mod.Class).Set(1, mod.Tenant ?? "").Set(2, mod.Id).Command.ExecuteReader())
        {
            if (!r.Read()) return new WriteOutcome(WriteStatus.NotFound);
            current = ObjectRows.Read(r);
            seq = r.GetInt64(7);
        }
        var result = mod.Mutate(current);
        if (result.Error is not null) return new WriteOutcome(WriteStatus.Failed, Error: result.Error);
        var replacement = result.Replacement!;
        if (CheckVector(ctx, replacement) is { } vectorError) return new WriteOutcome(WriteStatus.Failed, Error: vectorError);
        RemoveIndexed(ctx, current.Class, seq, current.Properties);
        ctx.Statement(DeleteObjectSql, 1).Set(0, seq).Command.ExecuteNonQuery();
        Insert(ctx, replacement, result.Index ?? []);
        return new WriteOutcome(WriteStatus.Ok, replacement);
    }

    private static Existing? Find(WriteContext ctx, string cls, string? tenant, string id)
    {
        using var r = ctx.Statement(FindSql, 3).Set(0, cls).Set(1, tenant ?? "").Set(2, id).Command.ExecuteReader();
        return r.Read() ? new Existing(r.GetInt64(0), r.GetInt64(1), r.GetString(2)) : null;
    }

    private void Remove(WriteContext ctx, string cls, long seq, string propertiesJson)
    {
        RemoveIndexed(ctx, cls, seq, JsonNode.Parse(propertiesJson)!.AsObject());
        ctx.Statement(DeleteObjectSql, 1).Set(0, seq).Command.ExecuteNonQuery();
    }

    /// <summary>
    /// Deletes the index rows the object got when it was written. Should the class have changed since, rows that
    /// are not recomputed stay behind, harmless: they point at a seq that no object will ever have again.
    /// </summary>
    private void RemoveIndexed(WriteContext ctx, string cls, long seq, JsonObject properties)
    {
        if (classes(cls) is { } definition) ctx.Index.Delete(ctx, cls, seq, IndexEntries.For(definition, properties));
    }

    private static void Insert(WriteContext ctx, StoredObject o, IReadOnlyList<IndexEntry> index)
    {
        var seq = (long)ctx.Statement(InsertObjectSql, 7)
            .Set(0, o.Class).Set(1, o.Id).Set(2, o.Tenant ?? "").Set(3, o.CreationTimeUnix).Set(4, o.LastUpdateTimeUnix)
            .Set(5, o.Properties.ToJsonString()).Set(6, ObjectRows.VectorBytes(o.Vector))
            .Command.ExecuteScalar()!;
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
