using Barge.Core.Access;
using Barge.Core.Filters;
using Barge.Core.Journal;
using Barge.Core.Storage;

namespace Barge.Core.Batching;

public enum DeleteItemStatus { Success, Failed, DryRun }

public sealed record DeleteItem(string Id, DeleteItemStatus Status, Errors.ItemError? Error);

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
    /// <exception cref="Errors.OverloadedException">The write queue is full for the matches: nothing was deleted or journaled (see <see cref="BatchJournal.Admit"/>).</exception>
    /// <exception cref="Errors.UserInputException">The database refused the filter: nothing was deleted or journaled.</exception>
    public async Task<DeleteByQueryResult> DeleteAsync(string className, string? tenant, FilterNode filter, BatchRequest request, CancellationToken ct)
    {
        rights.Demand(request.User, className);
        var started = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var query = new MatchQuery(className, tenant, filter, maximumResults);
        // Counted before anything is admitted or journaled. A filter the database refuses is refused here, as a bad
        // request like a filter that cannot be parsed, and leaves no journal row; and the call is admitted for what it
        // will delete, not for its limit, so a small delete is not refused under a load that refuses a big one. The
        // writer matches again on its own transaction, so what it deletes is what matches then.
        var counted = await store.FindMatchesAsync(className, tenant, filter, 0, ct).ConfigureAwait(false);
        var planned = (int)Math.Min(counted.TotalMatches, maximumResults);
        using var batch = journal.Admit(request, planned);
        MatchResult matches = new([], 0);
        var journaled = await batch.RunInWriterAsync(started, planned,
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
            var error = outcomes?[i].ItemError($"no object with id '{id}'");
            return new JournalItem(i, id, query.Class, query.Tenant, error);
        }).ToList();
}
