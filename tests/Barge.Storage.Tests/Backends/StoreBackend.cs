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
    public static readonly StoreBackend Postgres = new PostgresBackend();

    /// <summary>
    /// Opens an empty store of its own that knows <paramref name="classes"/>. Call it inside the test method: a
    /// backend that is not available skips the test from there (<see cref="Skip"/> only works in the test body).
    /// </summary>
    public abstract Task<OpenedStore> OpenAsync(Func<string, ClassDefinition?> classes);
}

/// <summary>A store opened for one test; disposing it disposes the store and removes its database.</summary>
public sealed class OpenedStore(IObjectStore store, IBatchJournalStore journal, Func<ValueTask> cleanup) : IAsyncDisposable
{
    public IObjectStore Store { get; } = store;
    public IBatchJournalStore Journal { get; } = journal;

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        await cleanup();
    }
}
