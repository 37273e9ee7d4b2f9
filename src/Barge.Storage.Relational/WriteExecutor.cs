using Barge.Core.Objects;
using Barge.Core.Storage;

namespace Barge.Storage.Relational;

/// <summary>
/// Runs Core's write commands in the writer's open transaction, one outcome per command, with the same rules for
/// every store: put modes, undo's delete, read-modify-write and merge-upsert, the class's vector length. The store's
/// <see cref="IObjectRows{TContext, TKey, TStored}"/> does the SQL. Replacing or deleting an object queues its index
/// rows for the <see cref="IndexGarbageCollector{TContext}"/>. Objects written for a journaled batch are tagged with
/// its seq and whether the write created them (undo).
/// </summary>
public sealed class WriteExecutor<TContext, TKey, TStored>(IObjectRows<TContext, TKey, TStored> rows)
    where TKey : struct where TStored : struct, IStoredRow
{
    /// <param name="batch">The journal seq of the batch these commands belong to; null for single-object writes.</param>
    public IReadOnlyList<WriteOutcome> Execute(TContext ctx, IReadOnlyList<WriteCommand> commands, long? batch = null)
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
            if (commands[i] is DeleteObject)
            {
                var end = i;
                while (end < commands.Count && commands[end] is DeleteObject) end++;
                DeleteRun(ctx, commands, i, end, outcomes);
                i = end;
                continue;
            }
            rows.Settle(ctx);
            outcomes[i] = commands[i] switch
            {
                DeleteObject del => Delete(ctx, del),
                ModifyObject mod => Modify(ctx, mod, batch),
                var other => rows.RunOther(ctx, other),
            };
            i++;
        }
        rows.Flush(ctx);
        return outcomes;
    }

    /// <summary>
    /// Deletes rows a match read in this transaction (delete-by-query's), each by the seq it was read with, so that no
    /// object is looked up again by its id; a row gone since is the store's concurrent change, raised at its flush.
    /// </summary>
    public IReadOnlyList<WriteOutcome> RemoveMatched(TContext ctx, string cls, string? tenant, IReadOnlyList<MatchedRow> matched)
    {
        rows.Settle(ctx);
        var outcomes = new WriteOutcome[matched.Count];
        for (var i = 0; i < matched.Count; i++)
        {
            var row = matched[i];
            if (rows.Key(cls, tenant, row.Id) is not { } key)
            {
                outcomes[i] = new WriteOutcome(WriteStatus.NotFound);
                continue;
            }
            rows.RemoveStored(ctx, key, row.Seq, row.Properties);
            outcomes[i] = new WriteOutcome(WriteStatus.Ok);
        }
        rows.Flush(ctx);
        return outcomes;
    }

    /// <summary>A run of puts: the store may look up every object it names at once, then each put is decided in order.</summary>
    private void PutRun(TContext ctx, IReadOnlyList<WriteCommand> commands, int start, int end, WriteOutcome[] outcomes, long? batch)
    {
        var keys = new TKey?[end - start];
        var lookups = new List<TKey>(end - start);
        for (var i = start; i < end; i++)
        {
            var o = ((PutObject)commands[i]).Object;
            keys[i - start] = rows.Key(o.Class, o.Tenant, o.Id);
            if (((PutObject)commands[i]).Mode != PutMode.InsertNew && keys[i - start] is { } key) lookups.Add(key);
        }
        rows.BeginPuts(ctx, lookups);
        for (var i = start; i < end; i++) outcomes[i] = Put(ctx, (PutObject)commands[i], keys[i - start], batch);
    }

    /// <summary>
    /// A run of deletes (delete-by-query's, undo's): the store may read and lock every object it names at once, then
    /// each is decided in order, so that a run of many costs a few round trips instead of one per object.
    /// </summary>
    private void DeleteRun(TContext ctx, IReadOnlyList<WriteCommand> commands, int start, int end, WriteOutcome[] outcomes)
    {
        rows.Settle(ctx);
        var keys = new List<TKey>(end - start);
        for (var i = start; i < end; i++)
        {
            var del = (DeleteObject)commands[i];
            if (rows.Key(del.Class, del.Tenant, del.Id) is { } key) keys.Add(key);
        }
        rows.BeginDeletes(ctx, keys);
        for (var i = start; i < end; i++) outcomes[i] = Delete(ctx, (DeleteObject)commands[i]);
    }

    private WriteOutcome Put(TContext ctx, PutObject put, TKey? maybeKey, long? batch)
    {
        var o = put.Object;
        if (maybeKey is not { } key) return new WriteOutcome(WriteStatus.Failed, Error: rows.UnstorableId(o.Id));
        var existing = put.Mode == PutMode.InsertNew ? null : rows.Find(ctx, key);
        switch (put.Mode)
        {
            case PutMode.CreateOnly when existing is not null:
                return new WriteOutcome(WriteStatus.AlreadyExists, Error: $"id '{o.Id}' already exists");
            case PutMode.ReplaceExisting when existing is null:
                return new WriteOutcome(WriteStatus.NotFound, Error: $"no object with id '{o.Id}'");
        }
        if (rows.CheckVector(ctx, o) is { } vectorError) return new WriteOutcome(WriteStatus.Failed, Error: vectorError);
        var stored = o;
        if (existing is { } old)
        {
            rows.Remove(ctx, key, old);
            if (put.Mode == PutMode.ReplaceExisting) stored = o.WithCreationTime(old.Created);
        }
        rows.Insert(ctx, key, stored, put.Index, put.Keywords, batch, created: existing is null);
        return new WriteOutcome(WriteStatus.Ok, stored);
    }

    private WriteOutcome Delete(TContext ctx, DeleteObject del)
    {
        if (rows.Key(del.Class, del.Tenant, del.Id) is not { } key) return new WriteOutcome(WriteStatus.NotFound);
        if (del.OnlyIfCreatedByBatch is { } batch) return DeleteIfCreatedBy(ctx, key, batch);
        return rows.Delete(ctx, key) ? new WriteOutcome(WriteStatus.Ok) : new WriteOutcome(WriteStatus.NotFound);
    }

    /// <summary>Undo's delete: only an object that <paramref name="batch"/> created and nothing wrote since.</summary>
    private WriteOutcome DeleteIfCreatedBy(TContext ctx, TKey key, long batch)
    {
        if (rows.Provenance(ctx, key) is not { } stored) return new WriteOutcome(WriteStatus.NotFound, Error: "deleted since");
        if (stored.Batch != batch || !stored.CreatedByBatch) return new WriteOutcome(WriteStatus.Failed, Error: "changed since");
        rows.RemoveStored(ctx, key, stored.Seq, stored.Properties);
        return new WriteOutcome(WriteStatus.Ok);
    }

    private WriteOutcome Modify(TContext ctx, ModifyObject mod, long? batch)
    {
        if (rows.Key(mod.Class, mod.Tenant, mod.Id) is not { } key)
            return mod.Create is null ? new WriteOutcome(WriteStatus.NotFound) : new WriteOutcome(WriteStatus.Failed, Error: rows.UnstorableId(mod.Id));
        if (rows.Load(ctx, key) is not { } loaded)
            return mod.Create is null ? new WriteOutcome(WriteStatus.NotFound) : Create(ctx, key, mod.Create(), batch);
        var result = mod.Mutate(loaded.Current);
        if (result.Error is not null) return new WriteOutcome(WriteStatus.Failed, Error: result.Error);
        var replacement = result.Replacement!;
        if (rows.CheckVector(ctx, replacement) is { } vectorError) return new WriteOutcome(WriteStatus.Failed, Error: vectorError);
        rows.RemoveStored(ctx, key, loaded.Seq, loaded.Properties);
        rows.Insert(ctx, key, replacement, result.Index ?? [], result.Keywords, batch, created: false);
        return new WriteOutcome(WriteStatus.Ok, replacement);
    }

    /// <summary>The create half of a merge-upsert (<see cref="ModifyObject.Create"/>).</summary>
    private WriteOutcome Create(TContext ctx, TKey key, ModifyResult result, long? batch)
    {
        if (result.Error is not null) return new WriteOutcome(WriteStatus.Failed, Error: result.Error);
        var created = result.Replacement!;
        if (rows.CheckVector(ctx, created) is { } vectorError) return new WriteOutcome(WriteStatus.Failed, Error: vectorError);
        rows.Insert(ctx, key, created, result.Index ?? [], result.Keywords, batch, created: true);
        return new WriteOutcome(WriteStatus.Ok, created);
    }
}
