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
            () => FindMatches(ctx, query),
            ctx.Index.ForgetUncommitted), ct), SqliteErrors.RefusedQuery);

    /// <summary>The statements of <see cref="FindMatchesAsync"/> on the writer's transaction.</summary>
    private MatchResult FindMatches(WriteContext ctx, MatchQuery query)
    {
        if (FindMatchesIndexOnly(ctx.Connection, ctx.Transaction!, query.Class, query.Tenant, query.Filter, query.Limit) is { } fromLists) return fromLists;
        using var cmd = FindMatchesCommand(ctx.Connection, query.Class, query.Tenant, query.Filter, query.Limit, _segment);
        cmd.Transaction = ctx.Transaction;
        var ids = new List<string>();
        using var r = cmd.ExecuteReader();
        while (r.Read()) ids.Add(r.GetString(0));
        r.NextResult();
        r.Read();
        return new MatchResult(ids, r.GetInt64(0));
    }
}
