using Barge.Core.Schema;
using Barge.Core.Storage;
using Barge.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Barge.Storage.Tests.Backends;

/// <summary>A fresh SQLite store in a temp folder per test.</summary>
public sealed class SqliteBackend : StoreBackend
{
    public override Task<OpenedStore> OpenAsync(Func<string, ClassDefinition?> classes)
    {
        var dir = Directory.CreateTempSubdirectory("barge-storage-").FullName;
        return OpenedStore.OpenAsync(
            () => Task.FromResult<IObjectStore>(SqliteStore.Open(new SqliteStoreOptions { DataFolder = dir, ClassLookup = classes })),
            () =>
            {
                SqliteConnection.ClearAllPools();
                try { Directory.Delete(dir, recursive: true); } catch (IOException) { /* best effort on a temp folder */ }
                return ValueTask.CompletedTask;
            });
    }

    public override string ToString() => "SQLite";
}
