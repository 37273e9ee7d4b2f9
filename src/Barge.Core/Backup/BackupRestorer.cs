using Barge.Core.Errors;
using Barge.Core.Indexing;
using Barge.Core.Journal;
using Barge.Core.Objects;
using Barge.Core.Schema;
using Barge.Core.Storage;

namespace Barge.Core.Backup;

/// <summary>
/// Copies classes from a snapshot into the live store: each class is created from its stored definition, then its
/// objects are written page by page as journaled batches (so a restore can be read back and undone like any import),
/// with their ids, tenants, vectors and creation and update times as they were, and their index entries recomputed.
/// </summary>
public sealed class BackupRestorer(SchemaService schema, BatchJournal journal, TimeProvider clock)
{
    /// <summary>Objects per batch: a page is read, written and let go before the next, so memory stays flat whatever the class holds.</summary>
    public const int PageSize = 1000;

    public async Task CopyAsync(IObjectStore snapshot, IReadOnlyList<string> classes, BatchRequest request, CancellationToken ct)
    {
        var stored = (await snapshot.LoadClassesAsync(ct).ConfigureAwait(false)).ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var name in classes)
        {
            if (!stored.TryGetValue(name, out var definition)) throw new BackupException($"class '{name}' is missing from the snapshot");
            var live = await schema.CreateClassAsync(definition, ct).ConfigureAwait(false);
            IReadOnlyList<string?> tenants = live.MultiTenancyEnabled ? [.. await snapshot.ListTenantsAsync(name, ct).ConfigureAwait(false)] : [null];
            foreach (var tenant in tenants) await CopyObjectsAsync(snapshot, live, tenant, request, ct).ConfigureAwait(false);
        }
    }

    private async Task CopyObjectsAsync(IObjectStore snapshot, ClassDefinition cls, string? tenant, BatchRequest request, CancellationToken ct)
    {
        string? after = null;
        while (true)
        {
            var page = await snapshot.ListAsync(new ListQuery(cls.Name, tenant, PageSize, 0, after, []) { CountTotal = false }, ct).ConfigureAwait(false);
            if (page.Objects.Count == 0) return;
            await WriteAsync(cls, page.Objects, request, ct).ConfigureAwait(false);
            after = page.Objects[^1].Id;
        }
    }

    private async Task WriteAsync(ClassDefinition cls, IReadOnlyList<StoredObject> objects, BatchRequest request, CancellationToken ct)
    {
        var commands = objects.Select(o => (WriteCommand)PutObject.Indexed(cls, o, PutMode.Upsert)).ToList();
        while (true)
        {
            AdmittedBatch batch;
            try { batch = journal.Admit(request with { Id = null }, commands.Count); }
            catch (OverloadedException busy)
            {
                // Imports come first: the restore waits its turn as a client told 429 would.
                await Task.Delay(busy.Wait, clock, ct).ConfigureAwait(false);
                continue;
            }
            using (batch)
            {
                var result = await batch.RunAsync(clock.GetUtcNow().ToUnixTimeMilliseconds(), commands, outcomes => Settle(objects, outcomes), ct).ConfigureAwait(false);
                if (result.Items.FirstOrDefault(i => !i.Succeeded) is { } failed)
                    throw new BackupException($"object '{failed.Id}' of class '{cls.Name}' could not be restored: {failed.Error!.Message} (batch {result.Run.Id})");
                return;
            }
        }
    }

    private static IReadOnlyList<JournalItem> Settle(IReadOnlyList<StoredObject> objects, IReadOnlyList<WriteOutcome>? outcomes)
    {
        var items = new JournalItem[objects.Count];
        for (var i = 0; i < objects.Count; i++)
        {
            var o = objects[i];
            items[i] = new JournalItem(i, o.Id, o.Class, o.Tenant, outcomes?[i].ItemError("write failed"));
        }
        return items;
    }
}
