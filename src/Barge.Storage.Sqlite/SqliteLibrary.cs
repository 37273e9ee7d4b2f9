using SQLitePCL;

namespace Barge.Storage.Sqlite;

/// <summary>
/// SQLite's process-wide settings, applied once before the first database opens (SQLite accepts them only before it
/// initializes). The bundled library is built "serialized": every call on a connection takes that connection's mutex,
/// and every allocation takes a global one for memory statistics. Barge never uses one connection from two threads
/// at once (the writer owns its connection, each read opens its own from the pool), so "multi-thread" mode is just as
/// safe, and nothing reads SQLite's memory statistics. Together they were about a tenth of the server's CPU time on
/// the batch write path (lock and unlock around every step, bind and allocation).
/// </summary>
public static class SqliteLibrary
{
    private static readonly Lazy<bool> Configured = new(Configure, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// True when the settings took effect; false when SQLite was already initialized in this process (another
    /// component opened a database first), which leaves the serialized defaults: safe, only slower.
    /// </summary>
    public static bool EnsureConfigured() => Configured.Value;

    private static bool Configure()
    {
        Batteries_V2.Init();
        var threading = raw.sqlite3_config(raw.SQLITE_CONFIG_MULTITHREAD);
        var memoryStatistics = raw.sqlite3_config(raw.SQLITE_CONFIG_MEMSTATUS, 0);
        return threading == raw.SQLITE_OK && memoryStatistics == raw.SQLITE_OK;
    }
}
