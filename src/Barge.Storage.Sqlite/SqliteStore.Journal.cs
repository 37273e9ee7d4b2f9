using Barge.Core.Journal;
using Barge.Core.Storage;
using Barge.Storage.Relational;
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
        _writer.RunAsync(ctx => JournaledBatchWrite.Run(
            _journal, ctx.Connection, ctx.Transaction!, options,
            () => _executor.Execute(ctx, commands, options.Batch),
            ctx.Index.ForgetUncommitted), ct); // index field ids created since an atomic batch's savepoint

    public Task<MatchDeletion> DeleteMatchesAsync(MatchQuery query, MatchDeleteOptions options, CancellationToken ct = default) =>
        FilterRefusal.Run(() => _writer.RunAloneAsync(ctx => DeleteMatchesJob.Run(
            _executor, ctx, _journal, ctx.Connection, ctx.Transaction!, query, options,
            () => FindMatches(ctx.Connection, ctx.Transaction!, query.Class, query.Tenant, query.Filter, query.Limit, withProperties: true),
            ctx.Index.ForgetUncommitted), ct), SqliteErrors.RefusedQuery);
}
