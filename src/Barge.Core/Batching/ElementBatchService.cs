using System.Text.Json.Nodes;
using Barge.Core.Access;
using Barge.Core.Journal;
using Barge.Core.Objects;
using Barge.Core.Storage;

namespace Barge.Core.Batching;

/// <summary>
/// One element of a batch-service batch: the caller's key (<c>_id</c>), the collection it goes to and its
/// properties, or the reason the dialect could not read it (<see cref="Error"/>).
/// </summary>
public sealed record ElementInput(string? Key, string? Class, JsonObject? Properties, string? Error);

/// <summary>
/// The batch service's POST (<c>VarBatch</c>): elements are merged into the objects their key names, and created
/// when missing. The object id is derived from collection and key (<see cref="StableIds"/>) and the key is kept
/// readable in the property <see cref="KeyProperty"/> (<c>_id</c> itself is a reserved property name). An element's
/// properties are validated exactly like a Weaviate object (auto-schema included); its keys then replace the stored
/// ones inside the writer, so a concurrent batch never loses an update. A bad element fails alone.
/// </summary>
public sealed class ElementBatchService(IObjectStore store, ObjectPreparer preparer, WriteRights rights, BatchJournal journal, TimeProvider clock)
{
    public const string KeyProperty = "externalId";

    /// <summary>Null when <paramref name="user"/> may write elements into <paramref name="collection"/>, else why not.</summary>
    public string? Refusal(string user, string collection) => rights.Refusal(user, preparer.ClassNameOf(collection));

    /// <exception cref="Errors.OverloadedException">The write queue is full: nothing was done (see <see cref="BatchJournal.Admit"/>).</exception>
    public async Task<BatchRun> MergeAsync(IReadOnlyList<ElementInput> elements, BatchRequest request, CancellationToken ct)
    {
        using var batch = journal.Admit(request, elements.Count);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var planned = new JournalItem[elements.Count];
        var commands = new List<WriteCommand>(elements.Count);
        var commandItem = new List<int>(elements.Count);
        // Every reference target of the batch, looked up at once: validation then answers each from memory.
        var targets = await ReferenceTargets.FindAsync(store, elements.Select(e => (JsonNode?)e.Properties), ct).ConfigureAwait(false);
        var refs = targets.Resolver(null);
        for (var i = 0; i < elements.Count; i++)
        {
            var e = elements[i];
            if (e.Error is not null || e.Key is null || e.Class is null)
            {
                planned[i] = new JournalItem(i, null, e.Class, null, Errors.ItemError.RefusedByDialect(e.Error ?? "element has no _id"), e.Key);
                continue;
            }
            var className = preparer.ClassNameOf(e.Class);
            var id = StableIds.For(className, e.Key);
            var properties = (JsonObject)(e.Properties ?? []).DeepClone();
            properties[KeyProperty] = e.Key;
            var removed = properties.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList();
            foreach (var key in removed) properties.Remove(key);
            var input = new ObjectInput { Class = className, Id = id, Properties = JsonElements.From(properties) };
            var result = await preparer.PrepareAsync(input, id, now, refs, request.User, ct, request.DryRun).ConfigureAwait(false);
            if (result.Prepared is not { } prepared)
            {
                planned[i] = new JournalItem(i, id, className, null, result.Error, e.Key);
                continue;
            }
            refs.AddPending(prepared.Object.Class, id);
            planned[i] = new JournalItem(i, id, prepared.Object.Class, null, null, e.Key);
            commands.Add(MergeOrCreate(prepared, removed, now));
            commandItem.Add(i);
        }

        var journaled = await batch.RunAsync(now, commands, outcomes =>
        {
            if (outcomes is null) return planned;
            var settled = (JournalItem[])planned.Clone();
            for (var c = 0; c < outcomes.Count; c++)
                if (!outcomes[c].Succeeded) settled[commandItem[c]] = settled[commandItem[c]] with { Error = outcomes[c].ItemError("write failed") };
            return settled;
        }, ct).ConfigureAwait(false);
        return journaled.Run;
    }

    /// <summary>The element's validated properties replace the stored ones with those names; the rest are kept.</summary>
    private static ModifyObject MergeOrCreate(PreparedObject prepared, IReadOnlyList<string> removed, long now)
    {
        var o = prepared.Object;
        var patch = o.Properties.Select(kv => kv).Concat(removed.Select(k => KeyValuePair.Create(k, (JsonNode?)null))).ToList();
        return new ModifyObject(o.Class, o.Id, null,
            current =>
            {
                var merged = ObjectMerge.Merge(current.Properties, patch);
                var next = ObjectMerge.Copy(current, merged, current.Vector, now);
                return ModifyResult.Replace(next, Indexing.ObjectIndex.Of(prepared.Class, merged));
            },
            () => new ModifyResult(o, prepared.Index, null, prepared.Keywords));
    }
}
