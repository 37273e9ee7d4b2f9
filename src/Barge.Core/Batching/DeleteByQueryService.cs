using Barge.Core.Access;
using Barge.Core.Filters;
using Barge.Core.Journal;
using Barge.Core.Storage;

namespace Barge.Core.Batching;

public enum DeleteItemStatus { Success, Failed, DryRun }

public sealed record DeleteItem(string Id, DeleteItemStatus Status, string? Error);

/// <summary>
/// The outcome of one delete-by-query call: <see cref="Matches"/> objects matched, at most <see cref="Limit"/> were
/// processed (oldest first), and <see cref="Remaining"/> still match afterwards, so a caller can loop until 0.
/// </summary>
public sealed record DeleteByQueryResult(long Matches, int Limit, int Successful, int Failed, IReadOnlyList<DeleteItem> Items, long Remaining, string BatchId);

/// <summary>
/// Deletes the objects of one class that match a validated filter, up to the per-call limit (spec §3). Journaled
/// like every batch (the dry run too, as a dry run); the ids deleted are the ids the batch "wrote".
/// </summary>
public sealed class DeleteByQueryService(IObjectStore store, BatchJournal journal, WriteRights rights, TimeProvider clock, int maximumResults)
{
    public int Limit => maximumResults;

    /// <exception cref="Errors.ForbiddenException">The user may not write <paramref name="className"/> (nothing is matched or journaled).</exception>
    /// <exception cref="Errors.OverloadedException">The write queue is full: nothing was deleted or journaled (see <see cref="BatchJournal.Admit"/>).</exception>
    public async Task<DeleteByQueryResult> DeleteAsync(string className, string? tenant, FilterNode filter, BatchRequest request, CancellationToken ct)
    {
        rights.Demand(request.User, className);
        var started = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var matches = await store.FindMatchesAsync(className, tenant, filter, maximumResults, ct).ConfigureAwait(false);
        var commands = matches.Ids.Select(id => (WriteCommand)new DeleteObject(className, id, tenant)).ToList();
        // Admitted once the matches are known: finding them writes nothing.
        using var batch = journal.Admit(request, commands.Count);
        var journaled = await batch.RunAsync(started, commands, outcomes => matches.Ids.Select((id, i) =>
        {
            // Deleted by someone else between the match and the delete: it is gone, but not by this call.
            var error = outcomes is null || outcomes[i].Succeeded ? null : outcomes[i].Error ?? $"no object with id '{id}'";
            return new JournalItem(i, id, className, tenant, error);
        }).ToList(), ct).ConfigureAwait(false);

        if (request.DryRun)
        {
            var listed = matches.Ids.Select(id => new DeleteItem(id, DeleteItemStatus.DryRun, null)).ToList();
            return new DeleteByQueryResult(matches.TotalMatches, maximumResults, 0, 0, listed, matches.TotalMatches, journaled.Run.Id);
        }
        var items = journaled.Items.Select(i => i.Succeeded
            ? new DeleteItem(i.Id!, DeleteItemStatus.Success, null)
            : new DeleteItem(i.Id!, DeleteItemStatus.Failed, i.Error)).ToList();
        var successful = items.Count(i => i.Status == DeleteItemStatus.Success);
        // A failed item is gone too (deleted by someone else), except those an atomic refusal kept in place.
        var kept = journaled.Items.Count(i => i.HeldBack);
        var remaining = Math.Max(0, matches.TotalMatches - items.Count + kept);
        return new DeleteByQueryResult(matches.TotalMatches, maximumResults, successful, items.Count - successful, items, remaining, journaled.Run.Id);
    }
}
