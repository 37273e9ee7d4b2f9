using Barge.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Barge.Storage.Tests.Sqlite;

/// <summary>
/// The WAL must not grow without bound while writes and reads never stop (bench/soak.sh found it past a gigabyte over
/// a far smaller database): the checkpointer starts it over once it is long and wholly copied.
/// </summary>
public sealed class WalRestartTests
{
    private const long RestartFrames = 256; // 1 MiB of 4 KiB pages

    [Fact]
    public async Task The_WAL_stays_bounded_while_a_writer_and_readers_never_stop()
    {
        var dir = Directory.CreateTempSubdirectory("barge-walrestart-").FullName;
        var path = Path.Combine(dir, "barge.db");
        var connectionString = $"Data Source={path};Pooling=False";
        try
        {
            using var writer = new SqliteConnection(connectionString);
            writer.Open();
            Exec(writer, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=0; CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)");
            long written = 0;
            await using (var checkpointer = new WalCheckpointer(connectionString, RestartFrames))
            {
                using var stop = new CancellationTokenSource();
                var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() => ReadUntil(connectionString, stop.Token))).ToArray();
                var body = new string('x', 2_000);
                // Twenty times the restart length in pages: far past the bound if the WAL only ever grew.
                while (written < RestartFrames * 20)
                {
                    using (var tx = writer.BeginTransaction())
                    {
                        for (var i = 0; i < 20; i++)
                        {
                            using var insert = writer.CreateCommand();
                            insert.CommandText = "INSERT INTO t (body) VALUES ($b)";
                            insert.Parameters.AddWithValue("$b", body);
                            insert.ExecuteNonQuery();
                            written++;
                        }
                        tx.Commit();
                    }
                    checkpointer.NoteCommit();
                    await Task.Delay(1);
                }
                await stop.CancelAsync();
                await Task.WhenAll(readers);
                // Measured while the store is open: the clean stop's TRUNCATE would hide a WAL that only grew.
                var walBytes = new FileInfo(path + "-wal").Length;
                Assert.True(walBytes < RestartFrames * 4096 * 6,
                    $"the WAL is {walBytes} bytes after {written} rows of 2 KB; it should have been started over near {RestartFrames * 4096} bytes");
            }
            Assert.Equal(written, Scalar(writer, "SELECT count(*) FROM t"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void ReadUntil(string connectionString, CancellationToken stop)
    {
        using var reader = new SqliteConnection(connectionString);
        reader.Open();
        while (!stop.IsCancellationRequested) Scalar(reader, "SELECT count(*) FROM t");
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return (long)cmd.ExecuteScalar()!;
    }
}
