using Barge.Core.Backup;
using Microsoft.Data.Sqlite;

namespace Barge.Storage.Sqlite;

/// <summary>
/// Snapshots of a SQLite store through SQLite's online backup: every page is copied inside one read transaction, which
/// in WAL mode never blocks the writer, so the copy is the store as of one commit while imports go on.
/// </summary>
public sealed class SqliteSnapshotWriter(string databasePath) : IStoreSnapshotWriter
{
    public Task WriteSnapshotAsync(string file, CancellationToken ct) => Task.Run(() =>
    {
        SqliteLibrary.EnsureConfigured();
        using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        using var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        source.Open();
        target.Open();
        source.BackupDatabase(target);
    }, ct);
}

/// <summary>
/// Opens a snapshot as a store. It works on a copy in a scratch folder, removed when the store is disposed: opening a
/// store may upgrade its tables and writes WAL files beside it, and a backup must stay as it was made.
/// </summary>
public sealed class SqliteSnapshotReader : IStoreSnapshotReader
{
    public async Task<OpenedSnapshot> OpenSnapshotAsync(string file, CancellationToken ct)
    {
        if (!File.Exists(file)) throw new BackupException($"the backup's snapshot '{file}' is missing");
        var scratch = Path.Combine(Path.GetTempPath(), "barge-restore-" + Guid.NewGuid().ToString("N"));
        var options = new SqliteStoreOptions { DataFolder = scratch, ClassLookup = _ => null };
        Directory.CreateDirectory(scratch);
        try
        {
            await using (var from = File.OpenRead(file))
            await using (var to = File.Create(options.DatabasePath))
                await from.CopyToAsync(to, ct).ConfigureAwait(false);
            SqliteStore store;
            try
            {
                store = SqliteStore.Open(options);
            }
            catch (SqliteException)
            {
                // The engine's text ("file is not a database", …) is not for the client; the file is what is wrong.
                throw new BackupException($"the backup's snapshot '{file}' is not a readable Barge database");
            }
            return new OpenedSnapshot(store, async () =>
            {
                await store.DisposeAsync().ConfigureAwait(false);
                Directory.Delete(scratch, recursive: true);
            });
        }
        catch
        {
            Directory.Delete(scratch, recursive: true);
            throw;
        }
    }
}
