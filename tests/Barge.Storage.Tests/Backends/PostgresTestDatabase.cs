using Barge.Core.Schema;
using Barge.Storage.Postgres;
using Barge.Testing;
using Npgsql;

namespace Barge.Storage.Tests.Backends;

/// <summary>
/// A fresh schema on the server named by <c>BARGE_TEST_POSTGRES</c> (<see cref="PostgresSchema"/>), dropped when
/// disposed, and any number of stores opened on it: one for the contract tests, several for the PostgreSQL-only
/// tests of sharing a database, which also look inside with <see cref="CountAsync"/>. Without the variable the test
/// skips, except under <c>CI=true</c>, where a missing server must fail the run.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    private readonly PostgresSchema _schema;

    private PostgresTestDatabase(PostgresSchema schema)
    {
        _schema = schema;
        // The application name lets CutConnectionsAsync find this test's sessions among those of tests running alongside.
        ConnectionString = new NpgsqlConnectionStringBuilder(schema.ConnectionString) { ApplicationName = schema.Name }.ConnectionString;
    }

    /// <summary>The server's connection string, reaching the schema through <c>Search Path</c>.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates the schema. Call it in the test body: <see cref="Skip"/> only works there.</summary>
    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var missing = string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(TestStorage.PostgresVariable));
        if (missing && Environment.GetEnvironmentVariable("CI") == "true")
            throw new InvalidOperationException($"{TestStorage.PostgresVariable} is not set, and under CI=true the PostgreSQL tests must run: {TestStorage.HowToStartPostgres}.");
        Assert.SkipWhen(missing, $"PostgreSQL tests need a server: {TestStorage.HowToStartPostgres}.");
        return new PostgresTestDatabase(await PostgresSchema.CreateAsync());
    }

    /// <summary>A store on the schema; the caller disposes it (before this database, which drops the schema).</summary>
    public Task<PostgresStore> OpenAsync(Func<string, ClassDefinition?> classes) =>
        PostgresStore.OpenAsync(new PostgresStoreOptions { ConnectionString = ConnectionString, ClassLookup = classes });

    public async Task<long> CountAsync(string sqlInSchema)
    {
        await using var c = new NpgsqlConnection(ConnectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sqlInSchema, c);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Terminates every session of this test's stores, as a server restart or a network cut would.</summary>
    public async Task CutConnectionsAsync()
    {
        // Pooling off: this connection has the same application name, and must not outlive the call in the pool.
        await using var c = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = @name AND pid <> pg_backend_pid()", c);
        cmd.Parameters.AddWithValue("name", _schema.Name);
        await cmd.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        // Idle pooled sessions of the stores would otherwise stay on the server until the test process ends.
        using (var pooled = new NpgsqlConnection(ConnectionString)) NpgsqlConnection.ClearPool(pooled);
        await _schema.DisposeAsync();
    }
}
