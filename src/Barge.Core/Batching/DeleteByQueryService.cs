using Barge.Core.Filters;
using Barge.Core.Storage;

namespace Barge.Core.Batching;

public enum DeleteItemStatus { Success, Failed, DryRun }

public sealed record DeleteItem(string Id, DeleteItemStatus Status, string? Error);

/// <summary>
/// The outcome of one delete-by-query call: <see cref="Matches"/> objects matched, at most <see cref="Limit"/> were
/// processed (oldest first), and <see cref="Remaining"/> still match afterwards, so a caller can loop until 0.
/// </summary>
public sealed record DeleteByQueryResult(long Matches, int Limit, int Successful, int Failed, IReadOnlyList<DeleteItem> Items, long Remaining);

/// <summary>Deletes the objects of one class that match a validated filter, up to the per-call limit (spec §3).</summary>
public sealed class DeleteByQueryService(IObjectStore store, int maximumResults)
{
    public int Limit => maximumResults;

    public async Task<DeleteByQueryResult> DeleteAsync(string className, string? tenant, FilterNode filter, bool dryRun, CancellationToken ct)
    {
        var matches = await store.FindMatchesAsync(className, tenant, filter, maximumResults, ct).ConfigureAwait(false);
        if (dryRun)
        {
            var listed = matches.Ids.Select(id => new DeleteItem(id, DeleteItemStatus.DryRun, null)).ToList();
            return new DeleteByQueryResult(matches.TotalMatches, maximumResults, 0, 0, listed, matches.TotalMatches);
        }
        var commands = matches.Ids.Select(id => (WriteCommand)new DeleteObject(className, id, tenant)).ToList();
        var outcomes = commands.Count == 0 ? [] : await store.WriteAsync(commands, ct).ConfigureAwait(false);
        var items = new List<DeleteItem>(outcomes.Count);
        for (var i = 0; i < outcomes.Count; i++)
        {
            items.Add(outcomes[i].Succeeded
                ? new DeleteItem(matches.Ids[i], DeleteItemStatus.Success, null)
                // Deleted by someone else between the match and the delete: it is gone, but not by this call.
                : new DeleteItem(matches.Ids[i], DeleteItemStatus.Failed, outcomes[i].Error ?? $"no object with id '{matches.Ids[i]}'"));
        }
        var successful = items.Count(i => i.Status == DeleteItemStatus.Success);
        var remaining = Math.Max(0, matches.TotalMatches - items.Count);
        return new DeleteByQueryResult(matches.TotalMatches, maximumResults, successful, items.Count - successful, items, remaining);
    }
}
