using System.Data.Common;
using Barge.Core.Storage;

namespace Barge.Storage.Relational.Journal;

/// <summary>
/// A delete-by-query as one job of the group-commit writer, for every store: the matches are found on the writer's
/// own transaction, the rows the match read are deleted by the shared <see cref="WriteExecutor{TContext, TKey, TStored}"/>
/// (by their seqs, not looked up again), and the batch's journal completion is written with them (<see cref="JournaledBatchWrite"/>). Matching
/// and deleting see one state, so every match is deleted by this call. The store runs the job alone in its
/// transaction (<see cref="GroupCommitWriter{TContext}.RunAloneAsync{T}"/>): the matches then come from the committed
/// state, which is what the index a filter reads shows.
/// </summary>
public static class DeleteMatchesJob
{
    /// <param name="findMatches">The store's match query on the writer's transaction: the rows to delete, as it read them.</param>
    /// <param name="forgetUncommitted">As for <see cref="JournaledBatchWrite.Run"/>.</param>
    public static MatchDeletion Run<TContext, TKey, TStored>(
        WriteExecutor<TContext, TKey, TStored> executor, TContext ctx, RelationalJournal journal, DbConnection connection, DbTransaction transaction,
        MatchQuery query, MatchDeleteOptions options, Func<MatchedRows> findMatches, Action forgetUncommitted)
        where TKey : struct where TStored : struct, IStoredRow
    {
        var found = findMatches();
        var matches = found.AsResult();
        var outcomes = JournaledBatchWrite.Run(journal, connection, transaction,
            new WriteOptions(options.Batch, options.Atomic, deleted => options.Complete(matches, deleted)),
            () =>
            {
                var deleted = executor.RemoveMatched(ctx, query.Class, query.Tenant, found.Rows);
                // A row the match read in this transaction can only be missing when the store could not key its id.
                for (var i = 0; i < deleted.Count; i++)
                    if (!deleted[i].Succeeded)
                        throw new ConcurrentChangeException($"object '{matches.Ids[i]}' of {query.Class} changed between its match and its delete");
                return deleted;
            },
            forgetUncommitted);
        return new MatchDeletion(matches, outcomes);
    }
}
