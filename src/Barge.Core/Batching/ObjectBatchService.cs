using Barge.Core.Journal;
using Barge.Core.Objects;
using Barge.Core.Storage;

namespace Barge.Core.Batching;

/// <summary>
/// Imports a batch of objects: each item is validated on its own (a bad item fails alone), the valid ones are
/// upserted by id in one store write (group-committed with concurrent batches), and every item gets its answer
/// in input order. Ids missing from the input are assigned time-ordered (UUIDv7). A later duplicate id in the
/// same batch replaces the earlier one (last wins), and both report success, as in Weaviate.
/// The batch is journaled; a dry run validates every item (schema changes included, on a private copy) and writes
/// nothing; an atomic batch writes all items or none (see <see cref="BatchJournal"/>).
/// </summary>
public sealed class ObjectBatchService(IObjectStore store, ObjectPreparer preparer, BatchJournal journal, TimeProvider clock)
{
    /// <exception cref="Errors.OverloadedException">The write queue is full: nothing was done (see <see cref="BatchJournal.Admit"/>).</exception>
    public async Task<ObjectBatchResult> ImportAsync(IReadOnlyList<ObjectInput> inputs, BatchRequest request, CancellationToken ct)
    {
        using var batch = journal.Admit(request, inputs.Count);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var items = new ObjectBatchItem[inputs.Count];
        var commands = new List<WriteCommand>(inputs.Count);
        var commandItem = new List<int>(inputs.Count);
        var tenants = new Dictionary<string, BatchReferenceResolver>(StringComparer.Ordinal);
        // Every reference target of the batch, looked up at once: validation then answers each from memory.
        var targets = await ReferenceTargets.FindAsync(store, inputs.Where(i => i.Refused is null), ct).ConfigureAwait(false);

        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var id = input.Id ?? ObjectIds.New();
            if (input.Refused is { } refused)
            {
                items[i] = new ObjectBatchItem(i, input, id, null, Errors.ItemError.RefusedByDialect(refused));
                continue;
            }
            var refs = ResolverFor(tenants, input.Tenant);
            var result = await preparer.PrepareAsync(input, id, now, refs, request.User, ct, request.DryRun).ConfigureAwait(false);
            if (result.Prepared is not { } prepared)
            {
                items[i] = new ObjectBatchItem(i, input, id, null, result.Error);
                continue;
            }
            refs.AddPending(prepared.Object.Class, id);
            items[i] = new ObjectBatchItem(i, input, id, prepared.Object, null);
            commands.Add(prepared.Put(input.Id is null ? PutMode.InsertNew : PutMode.Upsert));
            commandItem.Add(i);
        }

        var journaled = await batch.RunAsync(now, commands, Settle, ct).ConfigureAwait(false);
        foreach (var item in journaled.Items)
            if (!item.Succeeded && items[item.Index].Error is null) items[item.Index] = items[item.Index] with { Stored = null, Error = item.Error };
        return new ObjectBatchResult(items, now, journaled.Run.Id);

        IReadOnlyList<JournalItem> Settle(IReadOnlyList<WriteOutcome>? outcomes)
        {
            var settled = new JournalItem[items.Length];
            for (var i = 0; i < items.Length; i++)
            {
                var item = items[i];
                settled[i] = new JournalItem(i, item.Id, item.Stored?.Class ?? item.Input.Class, item.Stored?.Tenant, item.Error);
            }
            if (outcomes is null) return settled;
            for (var c = 0; c < outcomes.Count; c++)
                if (!outcomes[c].Succeeded) settled[commandItem[c]] = settled[commandItem[c]] with { Error = outcomes[c].ItemError("write failed") };
            return settled;
        }

        BatchReferenceResolver ResolverFor(Dictionary<string, BatchReferenceResolver> byTenant, string? tenant)
        {
            var key = tenant ?? "";
            if (!byTenant.TryGetValue(key, out var r)) byTenant[key] = r = targets.Resolver(tenant);
            return r;
        }
    }
}
