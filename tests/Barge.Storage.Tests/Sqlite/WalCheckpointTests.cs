using Microsoft.Data.Sqlite;

namespace Barge.Storage.Tests.Sqlite;

/// <summary>
/// The writer never checkpoints inside its commits; a background checkpointer copies committed WAL frames into the
/// database file soon after each commit. Seen from outside: the database file alone, without its WAL, holds the data.
/// </summary>
public sealed class WalCheckpointTests
{
    [Fact]
    public async Task Committed_objects_reach_the_database_file_without_waiting_for_a_shutdown()
    {
        await using var sqlite = await SqliteInside.OpenAsync(SqliteInside.TitleClass("Note"));
        await sqlite.Db.InsertAsync("Note", "0b5e8c0e-1d2a-4c3b-8e4f-5a6b7c8d9e01", """{"title":"first"}""");
        Assert.Equal(1, await ObjectsInFileAloneAsync(sqlite.DatabasePath, expected: 1));

        // A second commit is copied too: the checkpointer keeps running after its first pass.
        await sqlite.Db.InsertAsync("Note", "0b5e8c0e-1d2a-4c3b-8e4f-5a6b7c8d9e02", """{"title":"second"}""");
        Assert.Equal(2, await ObjectsInFileAloneAsync(sqlite.DatabasePath, expected: 2));
    }

    /// <summary>
    /// Copies the database file without its WAL and counts the objects in the copy, until the count is
    /// <paramref name="expected"/> or 10 s have passed; answers the last count.
    /// </summary>
    private static async Task<long> ObjectsInFileAloneAsync(string databasePath, long expected)
    {
        var copy = Path.Combine(Directory.CreateTempSubdirectory("barge-wal-").FullName, "copy.db");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        long count = -1;
        try
        {
            while (true)
            {
                File.Copy(databasePath, copy, overwrite: true);
                try
                {
                    using var c = new SqliteConnection($"Data Source={copy};Pooling=False");
                    c.Open();
                    using var cmd = c.CreateCommand();
                    cmd.CommandText = "SELECT count(*) FROM objects";
                    count = (long)cmd.ExecuteScalar()!;
                }
                catch (SqliteException) { /* copied mid-checkpoint: try again */ }
                if (count == expected || DateTime.UtcNow > deadline) return count;
                await Task.Delay(50);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(Path.GetDirectoryName(copy)!, recursive: true);
        }
    }
}
