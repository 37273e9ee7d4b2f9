using Npgsql;

namespace Barge.Testing;

/// <summary>
/// A throwaway schema <c>t_&lt;guid&gt;</c> on a PostgreSQL server, created empty for one test's store and dropped
/// (with everything in it) when disposed. <see cref="ConnectionString"/> is the server's connection string with
/// <c>Search Path</c> set to the schema, so a store opened on it creates its tables there.
/// </summary>
public sealed class PostgresSchema : IAsyncDisposable
{
    private readonly string _serverConnectionString;

    private PostgresSchema(string serverConnectionString, string name, string connectionString)
    {
        _serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = connectionString;
    }

    /// <summary>The schema's name: <c>t_</c> and 32 hex digits (a valid unquoted identifier).</summary>
    public string Name { get; }

    /// <summary>The server's connection string with <c>Search Path=&lt;schema&gt;</c>.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates a fresh schema on the server <paramref name="serverConnectionString"/> names (default: <c>BARGE_TEST_POSTGRES</c>).</summary>
    /// <exception cref="InvalidOperationException">No server is configured, or it cannot be reached; the message says how to start one.</exception>
    public static async Task<PostgresSchema> CreateAsync(string? serverConnectionString = null, CancellationToken ct = default)
    {
        var server = serverConnectionString ?? TestStorage.PostgresConnectionString;
        var name = "t_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(server, $"CREATE SCHEMA {name}", ct).ConfigureAwait(false);
        var builder = new NpgsqlConnectionStringBuilder(server) { SearchPath = name };
        return new PostgresSchema(server, name, builder.ConnectionString);
    }

    /// <summary>Whether the schema exists (tests of this helper).</summary>
    public async Task<bool> ExistsAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(_serverConnectionString, ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_namespace WHERE nspname = @name", connection);
        command.Parameters.AddWithValue("name", Name);
        return (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))! > 0;
    }

    /// <summary>Drops the schema and everything in it (and closes idle pooled connections opened with <see cref="ConnectionString"/>).</summary>
    public async ValueTask DisposeAsync()
    {
        // Hundreds of test servers each leave a pool behind otherwise, and the server's max_connections is finite.
        using (var pooled = new NpgsqlConnection(ConnectionString)) NpgsqlConnection.ClearPool(pooled);
        await ExecuteAsync(_serverConnectionString, $"DROP SCHEMA IF EXISTS {Name} CASCADE", default).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(string server, string sql, CancellationToken ct)
    {
        await using var connection = await OpenAsync(server, ct).ConfigureAwait(false);
#pragma warning disable CA2100 // the only interpolated part is t_<guid>, made here
        await using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>An unpooled connection (these are one-offs, and must not linger on the server).</summary>
    private static async Task<NpgsqlConnection> OpenAsync(string server, CancellationToken ct)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(server) { Pooling = false };
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"{TestStorage.PostgresVariable} is not a valid Npgsql connection string ({ex.Message}): {TestStorage.HowToStartPostgres}", ex);
        }
        if (builder.Timeout > 5) builder.Timeout = 5;
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            return connection;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException(
                $"cannot reach the test PostgreSQL server at {builder.Host}:{builder.Port}/{builder.Database} ({ex.Message}); " +
                $"is it running? {TestStorage.HowToStartPostgres}", ex);
        }
    }
}
