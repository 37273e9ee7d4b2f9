using Barge.Core.Hat;
using Barge.Core.Journal;
using Barge.Core.Schema;
using Barge.Core.Storage;

namespace Barge.Storage.Tests.Backends;

/// <summary>
/// One store implementation under test. Contract test classes are abstract over a backend and enrolled once per
/// backend (<c>…OnSqlite</c>, <c>…OnPostgres</c>), so both stores run the same test bodies.
/// </summary>
public abstract class StoreBackend
{
    public static readonly StoreBackend Sqlite = new SqliteBackend();
    public static readonly StoreBackend SqliteRows = new SqliteBackend(writeIndexAtEveryCommit: true);
    public static readonly StoreBackend Postgres = new PostgresBackend();

    /// <summary>
    /// Opens an empty store of its own that knows <paramref name="classes"/>. Call it inside the test method: a
    /// backend that is not available skips the test from there (<see cref="Skip"/> only works in the test body).
    /// </summary>
    public abstract Task<OpenedStore> OpenAsync(Func<string, ClassDefinition?> classes);
}

/// <summary>
/// A store opened for one test on data of its own (a SQLite folder, a PostgreSQL schema). <see cref="ReopenAsync"/>
/// closes it and opens the same data again, as a restart would; disposing it disposes the store and removes the data.
/// </summary>
public sealed class OpenedStore : IAsyncDisposable
{
    private readonly Func<Task<IObjectStore>> _open;
    private readonly Func<ValueTask> _removeData;
    private IObjectStore? _store;

    private OpenedStore(Func<Task<IObjectStore>> open, Func<ValueTask> removeData)
    {
        _open = open;
        _removeData = removeData;
    }

    /// <summary>Opens a store with <paramref name="open"/>; <paramref name="removeData"/> runs after the store is disposed (or when opening fails).</summary>
    public static async Task<OpenedStore> OpenAsync(Func<Task<IObjectStore>> open, Func<ValueTask> removeData)
    {
        var opened = new OpenedStore(open, removeData);
        try
        {
            opened._store = await open();
            return opened;
        }
        catch
        {
            await removeData();
            throw;
        }
    }

    public IObjectStore Store => _store ?? throw new InvalidOperationException("the store failed to reopen");

    // Every store implements the object and link ports in one object and hands out its journal, as the server's
    // StoreBackends expects of them.
    public IBatchJournalStore Journal => Store switch
    {
        Barge.Storage.Sqlite.SqliteStore s => s.Journal,
        Barge.Storage.Postgres.PostgresStore p => p.Journal,
        var other => throw new InvalidOperationException($"no journal known for {other.GetType().Name}"),
    };
    public IRecordLinkStore Links => (IRecordLinkStore)Store;

    /// <summary>Disposes the store and opens its data again (what survives a restart of the process).</summary>
    public async Task ReopenAsync()
    {
        var closing = Store;
        _store = null;
        await closing.DisposeAsync();
        _store = await _open();
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        await _removeData();
    }
}
