using Barge.Core.Access;
using Barge.Core.Storage;

namespace Barge.Core.Journal;

/// <summary>Who reads the journal: admins see every batch, everyone else only the batches they sent.</summary>
public sealed record Viewer(string User, bool IsAdmin)
{
    public bool Sees(JournalEntry entry) => IsAdmin || entry.User == User;
}

/// <summary>What an undo did or would do: deleted objects, and skipped ones with the reason.</summary>
public sealed record UndoResult(string UndoneId, string? BatchId, bool DryRun, IReadOnlyList<UndoItem> Deleted, IReadOnlyList<UndoItem> Skipped);

public sealed record UndoItem(string Class, string? Tenant, string Id, string? Reason);

/// <summary>The journal's use cases: read, list, delete summaries, undo a batch, prune, recover after a crash.</summary>
public sealed class JournalService(IBatchJournalStore journal, BatchJournal batches, WriteRights rights, TimeProvider clock)
{
    public const string CrashMessage = "the server stopped before the batch completed";

    public async Task<JournalEntry?> GetAsync(string id, Viewer viewer, CancellationToken ct) =>
        await journal.GetAsync(id, ct).ConfigureAwait(false) is { } e && viewer.Sees(e) ? e : null;

    public Task<IReadOnlyList<WrittenIds>> WrittenAsync(JournalEntry entry, CancellationToken ct) => journal.WrittenAsync(entry.Seq, ct);

    public Task<JournalObjectPage> ObjectsAsync(JournalEntry entry, int skip, int limit, CancellationToken ct) =>
        journal.ObjectsAsync(entry.Seq, skip, limit, ct);

    public Task<JournalFailurePage> FailuresAsync(JournalEntry entry, int skip, int limit, CancellationToken ct) =>
        journal.FailuresAsync(entry.Seq, skip, limit, ct);

    public Task<JournalPage> ListAsync(JournalQuery query, Viewer viewer, CancellationToken ct) =>
        journal.ListAsync(query with { User = viewer.IsAdmin ? null : viewer.User }, ct);

    /// <summary>Deletes a summary (never data). False when the viewer has no such batch.</summary>
    public async Task<bool> DeleteAsync(string id, Viewer viewer, CancellationToken ct) =>
        await GetAsync(id, viewer, ct).ConfigureAwait(false) is { } e && await journal.DeleteAsync(e.Seq, ct).ConfigureAwait(false);

    /// <summary>The batch <paramref name="user"/> sent with this idempotency key (keys are per user: <see cref="IdempotencyKeys"/>).</summary>
    public Task<JournalEntry?> FindByKeyAsync(string user, string key, CancellationToken ct) =>
        journal.FindByIdempotencyKeyAsync(IdempotencyKeys.Scoped(user, key), ct);

    public Task<StoredAnswer?> AnswerAsync(JournalEntry entry, CancellationToken ct) => journal.GetAnswerAsync(entry.Seq, ct);

    public async Task StoreAnswerAsync(string batchId, StoredAnswer answer, CancellationToken ct)
    {
        if (await journal.GetAsync(batchId, ct).ConfigureAwait(false) is { } e)
            await journal.StoreAnswerAsync(e.Seq, answer, ct).ConfigureAwait(false);
    }

    public Task<int> FailRunningAsync(CancellationToken ct) =>
        journal.FailRunningAsync(CrashMessage, clock.GetUtcNow().ToUnixTimeMilliseconds(), ct);

    /// <summary>
    /// Undoes batch <paramref name="id"/>: deletes each object it created that nothing wrote since, and says why it
    /// skips the others. The deletes re-check that condition inside the writer, so a concurrent write is never lost.
    /// The undo is journaled under <paramref name="request"/> (service <c>batch.undo</c>), a dry run as a dry run (it
    /// lists what it would delete and deletes nothing), as every batch route journals its dry runs.
    /// Null when the viewer has no such batch.
    /// </summary>
    public async Task<UndoResult?> UndoAsync(string id, Viewer viewer, BatchRequest request, CancellationToken ct)
    {
        if (await GetAsync(id, viewer, ct).ConfigureAwait(false) is not { } entry) return null;
        var started = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var provenance = await journal.ProvenanceAsync(entry.Seq, ct).ConfigureAwait(false);
        var deletable = new List<UndoItem>();
        var skipped = new List<UndoItem>();
        foreach (var p in provenance)
        {
            if ((rights.Refusal(request.User, p.Class) ?? SkipReason(entry, p)) is { } reason) skipped.Add(new UndoItem(p.Class, p.Tenant, p.Id, reason));
            else deletable.Add(new UndoItem(p.Class, p.Tenant, p.Id, null));
        }
        var commands = deletable.Select(d => (WriteCommand)new DeleteObject(d.Class, d.Id, d.Tenant, entry.Seq)).ToList();
        // Admitted once what to delete is known: finding it writes nothing.
        using var batch = batches.Admit(request, commands.Count);
        var journaled = await batch.RunAsync(started, commands, outcomes => deletable.Select((d, i) =>
            new JournalItem(i, d.Id, d.Class, d.Tenant, outcomes is null || outcomes[i].Succeeded ? null : new Errors.ItemError(Errors.ItemErrorCode.Conflict, "changed since the undo began"))).ToList(), ct).ConfigureAwait(false);
        if (request.DryRun) return new UndoResult(entry.Id, journaled.Run.Id, true, deletable, skipped);
        var deleted = new List<UndoItem>();
        foreach (var item in journaled.Items)
        {
            var d = deletable[item.Index];
            if (item.Succeeded) deleted.Add(d);
            else skipped.Add(d with { Reason = item.Error?.Message });
        }
        return new UndoResult(entry.Id, journaled.Run.Id, false, deleted, skipped);
    }

    private static string? SkipReason(JournalEntry undone, ObjectProvenance p)
    {
        if (!p.Exists) return "deleted since";
        if (p.Batch == undone.Seq) return p.Created ? null : "existed before this batch";
        if (p.Batch is null) return "changed since by a single-object write";
        return p.BatchId is null ? "changed since by a batch no longer in the journal" : $"changed by batch {p.BatchId} since";
    }
}
