using System.Reflection;
using Barge.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace Barge.Storage.Sqlite;

/// <summary>
/// Applies the numbered <c>Migrations/*.sql</c> scripts that the database has not seen yet,
/// tracking the version in <c>PRAGMA user_version</c>.
/// </summary>
internal static class SqliteMigrations
{
    /// <param name="log">Told before each script that upgrades an existing database (not when creating a new one).</param>
    public static void Apply(SqliteConnection connection, Action<string>? log = null)
    {
        var current = Convert.ToInt32(Scalar(connection, "PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (version, sql) in Scripts())
        {
            if (version <= current) continue;
            if (current > 0) log?.Invoke($"Upgrading {connection.DataSource} from schema version {version - 1} to {version}; in a large store this takes a while.");
            using var tx = connection.BeginTransaction();
            using (var cmd = connection.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = sql + $"\nPRAGMA user_version = {version};";
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
        }
    }

    /// <summary>The latest schema version these binaries know.</summary>
    public static int LatestVersion => Scripts().Max(s => s.Version);

    private static IEnumerable<(int Version, string Sql)> Scripts() =>
        MigrationScripts.In(Assembly.GetExecutingAssembly(), "Barge.Storage.Sqlite.Migrations.");

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }
}
