using Barge.Core.Schema;
using Barge.Core.Storage;
using Barge.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Barge.Storage.Tests.Backends;

/// <summary>
/// A fresh SQLite store in a temp folder per test. By default a test's objects (fewer than an index part) are
/// found through the in-memory segment; <paramref name="writeIndexAtEveryCommit"/> writes them to the posting rows
/// with each commit instead, so the same tests check the filters over the rows.
/// </summary>
public sealed class SqliteBackend(bool writeIndexAtEveryCommit = false) : StoreBackend
{
    public override Task<OpenedStore> OpenAsync(Func<string, ClassDefinition?> classes)
    {
        var dir = Directory.CreateTempSubdirectory("barge-storage-").FullName;
        return OpenedStore.OpenAsync(
            () => Task.FromResult<IObjectStore>(SqliteStore.Open(new SqliteStoreOptions { DataFolder = dir, ClassLookup = classes, WriteIndexAtEveryCommit = writeIndexAtEveryCommit })),
            () =>
            {
                SqliteConnection.ClearAllPools();
                try { Directory.Delete(dir, recursive: true); } catch (IOException) { /* best effort on a temp folder */ }
                return ValueTask.CompletedTask;
            });
    }

    public override string ToString() => writeIndexAtEveryCommit ? "SQLite (index rows at every commit)" : "SQLite";
}
