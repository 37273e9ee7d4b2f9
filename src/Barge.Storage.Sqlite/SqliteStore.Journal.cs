using Barge.Core.Journal;
using Barge.Core.Storage;
using Barge.Storage.Relational.Journal;

namespace Barge.Storage.Sqlite;

/// <summary>
/// The journal side of the store: the shared <see cref="RelationalJournal"/> over <see cref="SqliteJournalDialect"/>,
/// and the batch write whose completion rides in the same writer job as its data.
/// </summary>
public sealed partial class SqliteStore
{
    private readonly RelationalJournal _journal;

    /// <summary>The batch journal port, on this store's tables and writer.</summary>
    public IBatchJournalStore Journal => _journal;

    public Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<WriteCommand> commands, WriteOptions options, CancellationToken ct = default) =>
        _writer.RunAsync(ctx =>
        {
            // Atomic: a savepoint inside the group transaction, so that rolling this batch back spares the neighbours.
            const string savepoint = "atomic_batch";
            if (options.Atomic) ctx.Transaction!.Save(savepoint);
            var outcomes = _executor.Execute(ctx, commands, options.Batch);
            if (options.Atomic)
            {
                if (outcomes.Any(o => !o.Succeeded))
                {
                    ctx.Transaction!.Rollback(savepoint);
                    ctx.Index.ForgetUncommitted(); // index field ids created since the savepoint are gone
                }
                ctx.Transaction!.Release(savepoint);
            }
            _journal.Complete(ctx.Connection, ctx.Transaction!, options.Complete(outcomes));
            return outcomes;
        }, ct);
}
