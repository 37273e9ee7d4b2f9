using Microsoft.Data.Sqlite;

namespace Barge.Storage.Sqlite;

/// <summary>
/// Copies the WAL back into the database file from a connection of its own, off the writer's path. SQLite's
/// automatic checkpoint would otherwise run inside the writer's COMMIT, stalling every batch queued behind it
/// while the file is written and synced. PASSIVE never blocks the writer or readers.
/// <para>
/// It runs often, and only after commits: at full ingest speed the WAL grows by ~30 MB/s, and copying half a
/// second of it in one go (the interval this started with) took the server's core for long enough to add tens of
/// milliseconds to every batch in flight, twice a second (the bench's <c>--latencies</c> timelines). Short slices
/// spread the same work. An idle store is not touched.
/// </para>
/// <para>
/// PASSIVE copies frames but never starts the WAL over: SQLite reuses the WAL from its start only when a write begins
/// while every frame is copied and no reader still reads from it, a moment that never comes while writes and reads
/// arrive all the time (bench/soak.sh: the WAL grew past a gigabyte in minutes over a far smaller database). So once
/// the WAL holds <see cref="DefaultRestartFrames"/> frames, a RESTART checkpoint takes the write lock
/// briefly, waits a bounded time for the readers still on the WAL (new ones read the database file, which by then
/// holds everything) and starts the WAL over. The writer waits for that moment only, and only once per that many frames.
/// </para>
/// </summary>
internal sealed class WalCheckpointer : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>64 MiB of 4 KiB pages: a WAL this long is started over.</summary>
    public const long DefaultRestartFrames = 16_384;

    // How long a RESTART waits for the write lock and for readers to leave the WAL before it gives up until the next tick.
    private const int RestartWaitMs = 200;
    private readonly long _restartFrames;
    private readonly SqliteConnection _connection;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _pending;

    public WalCheckpointer(string connectionString, long restartFrames = DefaultRestartFrames)
    {
        _restartFrames = restartFrames;
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        using (var timeout = _connection.CreateCommand())
        {
            // Only RESTART calls the busy handler; PASSIVE never waits.
            timeout.CommandText = $"PRAGMA busy_timeout={RestartWaitMs}";
            timeout.ExecuteNonQuery();
        }
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Called by the writer after each commit: there are frames to copy back.</summary>
    public void NoteCommit() => Volatile.Write(ref _pending, 1);

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                if (Interlocked.Exchange(ref _pending, 0) == 0) continue;
                // Frames a reader still needed stay in the WAL: try again on the next tick, commit or not.
                // A long WAL is started over even when PASSIVE could not copy it all: new commits keep arriving while
                // it copies, and RESTART waits (briefly) for the writer and for the readers it needs gone.
                var (copied, frames) = Checkpoint("PASSIVE");
                if (frames >= _restartFrames) copied = Checkpoint("RESTART").Copied;
                if (!copied) NoteCommit();
            }
        }
        catch (OperationCanceledException) { /* stopping */ }
    }

    /// <summary>Whether every frame of the WAL is now in the database file (for RESTART: and the WAL starts over), and the WAL's length in frames before it.</summary>
    private (bool Copied, long Frames) Checkpoint(string mode)
    {
        try
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = $"PRAGMA wal_checkpoint({mode})";
            // One row: busy (0/1), frames in the WAL, frames checkpointed (-1 each when not in WAL mode).
            using var r = cmd.ExecuteReader();
            if (!r.Read()) return (false, 0);
            return (r.GetInt64(0) == 0 && r.GetInt64(1) == r.GetInt64(2), r.GetInt64(1));
        }
        catch (SqliteException)
        {
            return (false, 0); // busy or locked: the next tick tries again
        }
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
