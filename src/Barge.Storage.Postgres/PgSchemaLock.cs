using Npgsql;

namespace Barge.Storage.Postgres;

/// <summary>
/// The database-wide schema lock (<see cref="Barge.Core.Storage.ISchemaCoordination.LockSchemaAsync"/>): a session
/// advisory lock held on a connection of its own until disposed. Should the unlock fail, closing the connection
/// still frees the lock: Npgsql resets a pooled session when it is returned (DISCARD ALL, which releases advisory
/// locks), and a dead session holds nothing.
/// </summary>
internal sealed class PgSchemaLock : IAsyncDisposable
{
    private const string Key = "hashtext(current_schema() || '/barge-schema')";
    private readonly NpgsqlConnection _connection;
    private int _disposed;

    private PgSchemaLock(NpgsqlConnection connection) => _connection = connection;

    public static async Task<IAsyncDisposable> AcquireAsync(NpgsqlDataSource data, CancellationToken ct)
    {
        var c = await data.OpenConnectionAsync(ct).ConfigureAwait(false);
        try
        {
            await using var cmd = new NpgsqlCommand($"SELECT pg_advisory_lock({Key})", c);
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return new PgSchemaLock(c);
        }
        catch
        {
            await c.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        try
        {
            await using var cmd = new NpgsqlCommand($"SELECT pg_advisory_unlock({Key})", _connection);
            await cmd.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException) { /* the session is gone, and its lock with it */ }
        finally
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
