using Barge.Core.Backup;
using Barge.Core.Hat;
using Barge.Core.Journal;
using Barge.Core.Schema;
using Barge.Core.Storage;
using Barge.Storage.Postgres;
using Barge.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace Barge.Server.Hosting;

/// <summary>The storage backend a server runs on, opened from its options: one object serving every storage port.</summary>
internal static class StoreBackends
{
    /// <param name="Snapshots">How the store copies itself for a backup; null when backups are the database's own tools' job.</param>
    public sealed record OpenedStore(IObjectStore Objects, IBatchJournalStore Journal, IRecordLinkStore Links, IStoreSnapshotWriter? Snapshots);

    /// <param name="classes">The live schema (bound after the store is open: the schema is loaded from the store).</param>
    public static async Task<OpenedStore> OpenAsync(BargeOptions options, Func<string, ClassDefinition?> classes, ILoggerFactory loggers, CancellationToken ct)
    {
        switch (options.Storage)
        {
            case StorageKind.Postgres:
                var pg = await PostgresStore.OpenAsync(new PostgresStoreOptions
                {
                    ConnectionString = options.PostgresConnectionString
                        ?? throw new ArgumentException("PostgreSQL storage needs a connection string (--postgres or BARGE_POSTGRES)"),
                    ClassLookup = classes,
                }, ct).ConfigureAwait(false);
                return new OpenedStore(pg, pg.Journal, pg, null);
            default:
                var log = loggers.CreateLogger<SqliteStore>();
                var sqliteOptions = new SqliteStoreOptions
                {
                    DataFolder = options.DataPath, ClassLookup = classes, Log = message => log.LogInformation("{Message}", message),
                };
                var sqlite = SqliteStore.Open(sqliteOptions);
                return new OpenedStore(sqlite, sqlite.Journal, sqlite, new SqliteSnapshotWriter(sqliteOptions.DatabasePath));
        }
    }
}
