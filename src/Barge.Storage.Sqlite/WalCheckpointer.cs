using Microsoft.Data.Sqlite;

namespace Barge.Storage.Sqlite;

/// <summary>
/// Copies the WAL back into the database file from a connection of its own, off the writer's path. SQLite's
/// automatic checkpoint would otherwise run inside the writer's COMMIT, stalling every batch queued behind it
/// while the file is written and synced. PASSIVE never blocks the writer or readers.
/// </summary>
internal sealed class WalCheckpointer : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    private readonly SqliteConnection _connection;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public WalCheckpointer(string connectionString)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        _loop = Task.Run(RunAsync);
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false)) Checkpoint("PASSIVE");
        }
        catch (OperationCanceledException) { /* stopping */ }
    }

    private void Checkpoint(string mode)
    {
        try
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = $"PRAGMA wal_checkpoint({mode})";
            cmd.ExecuteNonQuery();
        }
        catch (SqliteException) { /* busy or locked: the next tick tries again */ }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        Checkpoint("TRUNCATE"); // leave a compact database behind on a clean stop
        await _connection.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
