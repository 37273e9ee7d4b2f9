using System.Data.Common;
using Barge.Core.Storage;

namespace Barge.Storage.Relational.Journal;

/// <summary>
/// A journaled batch's commands as one job of the group-commit writer: the commands, then the completion of the
/// batch's journal row, in the same transaction (so a batch is never written without its journal saying so).
/// </summary>
public static class JournaledBatchWrite
{
    private const string Savepoint = "atomic_batch";

    /// <param name="execute">Runs the commands (the store's <see cref="WriteExecutor{TContext}"/> over its context).</param>
    /// <param name="forgetUncommitted">
    /// Drops what the store cached of the work since the savepoint (new index field ids, vector bindings), which a
    /// rollback to the savepoint has undone.
    /// </param>
    public static IReadOnlyList<WriteOutcome> Run(
        RelationalJournal journal, DbConnection connection, DbTransaction transaction, WriteOptions options,
        Func<IReadOnlyList<WriteOutcome>> execute, Action forgetUncommitted)
    {
        // Atomic: a savepoint inside the group transaction, so that rolling this batch back spares the neighbours.
        if (options.Atomic) transaction.Save(Savepoint);
        var outcomes = execute();
        if (options.Atomic)
        {
            if (outcomes.Any(o => !o.Succeeded))
            {
                transaction.Rollback(Savepoint);
                forgetUncommitted();
            }
            transaction.Release(Savepoint);
        }
        journal.Complete(connection, transaction, options.Complete(outcomes));
        return outcomes;
    }
}
