using Barge.Core.Objects;
using Barge.Core.Storage;

namespace Barge.Core.Batching;

/// <summary>
/// Imports a batch of objects: each item is validated on its own (a bad item fails alone), the valid ones are
/// upserted by id in one store write (group-committed with concurrent batches), and every item gets its answer
/// in input order. Ids missing from the input are assigned time-ordered (UUIDv7). A later duplicate id in the
/// same batch replaces the earlier one (last wins), and both report success, as in Weaviate.
/// </summary>
public sealed class ObjectBatchService(IObjectStore store, ObjectPreparer preparer, TimeProvider clock)
{
    public async Task<ObjectBatchResult> ImportAsync(IReadOnlyList<ObjectInput> inputs, CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var items = new ObjectBatchItem[inputs.Count];
        var commands = new List<WriteCommand>(inputs.Count);
        var commandItem = new List<int>(inputs.Count);
        var tenants = new Dictionary<string, BatchReferenceResolver>(StringComparer.Ordinal);

        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var id = input.Id ?? ObjectIds.New();
            var refs = ResolverFor(tenants, input.Tenant);
            var result = await preparer.PrepareAsync(input, id, now, refs, ct).ConfigureAwait(false);
            if (result.Prepared is not { } prepared)
            {
                items[i] = new ObjectBatchItem(i, input, id, null, result.Error);
                continue;
            }
            refs.AddPending(prepared.Object.Class, id);
            items[i] = new ObjectBatchItem(i, input, id, prepared.Object, null);
            commands.Add(new PutObject(prepared.Object, prepared.Index, input.Id is null ? PutMode.InsertNew : PutMode.Upsert));
            commandItem.Add(i);
        }

        if (commands.Count > 0)
        {
            var outcomes = await store.WriteAsync(commands, ct).ConfigureAwait(false);
            for (var c = 0; c < outcomes.Count; c++)
            {
                var i = commandItem[c];
                if (!outcomes[c].Succeeded) items[i] = items[i] with { Stored = null, Error = outcomes[c].Error ?? "write failed" };
            }
        }
        return new ObjectBatchResult(items, now);

        BatchReferenceResolver ResolverFor(Dictionary<string, BatchReferenceResolver> byTenant, string? tenant)
        {
            var key = tenant ?? "";
            if (!byTenant.TryGetValue(key, out var r)) byTenant[key] = r = new BatchReferenceResolver(store, tenant);
            return r;
        }
    }
}
