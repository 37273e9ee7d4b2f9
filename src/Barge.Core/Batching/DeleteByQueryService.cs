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
/// like every batch (the dry run too, as a dry run); the ids deleted are the ids the batch "wrote". The matches are
/// found and deleted in one job of the store's writer (<see cref="IObjectStore.DeleteMatchesAsync"/>), so every
/// object the call matched is deleted by the call.
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
        var query = new MatchQuery(className, tenant, filter, maximumResults);
        // Admitted for the most it can delete: how many match is known only inside the writer, after admission.
        using var batch = journal.Admit(request, maximumResults);
        MatchResult matches = new([], 0);
        var journaled = await batch.RunInWriterAsync(started, maximumResults,
            async token =>
            {
                matches = await store.FindMatchesAsync(className, tenant, filter, maximumResults, token).ConfigureAwait(false);
                return Items(query, matches, null);
            },
            (writer, token) => store.DeleteMatchesAsync(query, new MatchDeleteOptions(writer.Seq, writer.Atomic, (found, deleted) =>
            {
                // When the writer runs this twice, the last run is the one committed.
                matches = found;
                return writer.Complete(Items(query, found, deleted));
            }), token),
            ct).ConfigureAwait(false);

        if (request.DryRun)
        {
            var listed = matches.Ids.Select(id => new DeleteItem(id, DeleteItemStatus.DryRun, null)).ToList();
            return new DeleteByQueryResult(matches.TotalMatches, maximumResults, 0, 0, listed, matches.TotalMatches, journaled.Run.Id);
        }
        var items = journaled.Items.Select(i => i.Succeeded
            ? new DeleteItem(i.Id!, DeleteItemStatus.Success, null)
            : new DeleteItem(i.Id!, DeleteItemStatus.Failed, i.Error)).ToList();
        var successful = items.Count(i => i.Status == DeleteItemStatus.Success);
        // What was matched and not deleted still matches: the rest beyond the limit, and what an atomic refusal kept.
        var remaining = Math.Max(0, matches.TotalMatches - successful);
        return new DeleteByQueryResult(matches.TotalMatches, maximumResults, successful, items.Count - successful, items, remaining, journaled.Run.Id);
    }

    /// <summary>One journal item per match, failed where its delete failed (null <paramref name="outcomes"/>: a dry run).</summary>
    private static List<JournalItem> Items(MatchQuery query, MatchResult matches, IReadOnlyList<WriteOutcome>? outcomes) =>
        matches.Ids.Select((id, i) =>
        {
            var error = outcomes is null || outcomes[i].Succeeded ? null : outcomes[i].Error ?? $"no object with id '{id}'";
            return new JournalItem(i, id, query.Class, query.Tenant, error);
        }).ToList();
}
