using Barge.Core.Journal;
using Barge.Core.Objects;
using Barge.Core.Schema;
using Barge.Core.Storage;
using Barge.Storage.Relational;
using Barge.Storage.Relational.Journal;
using Npgsql;

namespace Barge.Storage.Postgres;

/// <summary>
/// The shared store: one PostgreSQL schema (the connection's search path) that several Barge nodes may use at once.
/// Each process has one writer connection (group commit, see <see cref="PgWriter"/>) and reads on pooled connections.
/// Read queries are in PostgresStore.Queries.cs; the journal is the shared <see cref="RelationalJournal"/> over <see cref="PgJournalDialect"/>.
/// </summary>
public sealed partial class PostgresStore : IObjectStore, ISchemaCoordination
{
    private readonly NpgsqlDataSource _data;
    private readonly Func<string, ClassDefinition?> _classes;
    private readonly PgWriteContext _writeContext;
    private readonly PgWriter _writer;
    private readonly WriteExecutor<PgWriteContext, ObjectKey, KnownObject> _executor = new(new PgObjectWrites());
    private readonly IndexGarbageCollector<PgWriteContext> _garbage;
    private readonly PgSchemaListener _listener;
    private readonly RelationalJournal _journal;

    private PostgresStore(NpgsqlDataSource data, PostgresStoreOptions options)
    {
        _data = data;
        _classes = options.ClassLookup;
        _writeContext = new PgWriteContext(data, _classes);
        _writer = new PgWriter(_writeContext, options.WriteQueueCapacity);
        _garbage = new IndexGarbageCollector<PgWriteContext>(_writer, new PgIndexGarbage(), _classes, PgIndexGarbage.EntriesPerJob);
        _listener = new PgSchemaListener(data, OnSchemaChanged);
        _journal = new RelationalJournal(new PgJournalDialect(data));
    }

    /// <summary>The batch journal port, on this store's tables.</summary>
    public IBatchJournalStore Journal => _journal;

    /// <summary>Connects (retrying up to <see cref="PostgresStoreOptions.StartupTimeout"/>), creates or migrates the tables, starts the writer.</summary>
    public static async Task<PostgresStore> OpenAsync(PostgresStoreOptions options, CancellationToken ct = default)
    {
        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        // The writer repeats a handful of statements endlessly: prepared once per connection, they skip parse and plan.
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0) builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
        var data = builder.Build();
        try
        {
            await PgStartup.WaitUntilReachableAsync(data, options.ConnectionString, options.StartupTimeout, ct).ConfigureAwait(false);
            await using (var c = await data.OpenConnectionAsync(ct).ConfigureAwait(false))
                await PgMigrations.ApplyAsync(c, ct).ConfigureAwait(false);
        }
        catch
        {
            await data.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        var store = new PostgresStore(data, options);
        try
        {
            // A change another node makes after this returns must not be missed: LISTEN is in place first.
            await store._listener.Listening.WaitAsync(options.StartupTimeout, ct).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Host, port and database of a connection string (never its password), for messages.</summary>
    public static string Describe(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{b.Host}:{b.Port}/{b.Database}";
    }

    public event Action? SchemaChanged;

    private void OnSchemaChanged()
    {
        // Another node may have deleted a class: its field ids and vector length are no longer valid here.
        _writeContext.ForgetSchemaCaches();
        SchemaChanged?.Invoke();
    }

    public Task<IAsyncDisposable> LockSchemaAsync(CancellationToken ct = default) => PgSchemaLock.AcquireAsync(_data, ct);

    public Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<WriteCommand> commands, CancellationToken ct = default) =>
        _writer.RunAsync(ctx => _executor.Execute(ctx, commands), ct);

    public Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<WriteCommand> commands, WriteOptions options, CancellationToken ct = default) =>
        _writer.RunAsync(ctx => JournaledBatchWrite.Run(
            _journal, ctx.Connection, ctx.Transaction, options,
            () => _executor.Execute(ctx, commands, options.Batch),
            ctx.ForgetUncommitted), ct); // field ids and vector bindings created since an atomic batch's savepoint

    public Task<MatchDeletion> DeleteMatchesAsync(MatchQuery query, MatchDeleteOptions options, CancellationToken ct = default) =>
        FilterRefusal.Run(() => _writer.RunAloneAsync(ctx => DeleteMatchesJob.Run(
            _executor, ctx, _journal, ctx.Connection, ctx.Transaction, query, options,
            () => FindMatches(ctx, query),
            ctx.ForgetUncommitted), ct), PgErrors.RefusedQuery);

    /// <summary>The matches of <see cref="FindMatchesAsync(string, string?, FilterNode, int, CancellationToken)"/>, read on the writer's transaction.</summary>
    private static MatchedRows FindMatches(PgWriteContext ctx, MatchQuery query)
    {
        var found = FindMatchesAsync(() => ctx.Command(""), query.Class, query.Tenant, query.Filter, query.Limit, sync: true, CancellationToken.None);
        if (!found.IsCompleted) throw new InvalidOperationException("a match did not complete synchronously on the writer");
        // Not a blocking wait: the task is complete (checked above), and this reads its result on the writer thread.
#pragma warning disable VSTHRD002
        return found.GetAwaiter().GetResult();
#pragma warning restore VSTHRD002
    }

    public async ValueTask DisposeAsync()
    {
        await _garbage.DisposeAsync().ConfigureAwait(false);
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _listener.DisposeAsync().ConfigureAwait(false);
        await _data.DisposeAsync().ConfigureAwait(false);
    }
}
