using Barge.Server.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Barge.Server.Tests.BatchService;

/// <summary>
/// A batch left <c>running</c> by a crash is marked failed when the server starts again. SQLite only: the crash is
/// simulated by writing the row into <c>barge.db</c> directly (a store's own recovery of running batches, on either
/// backend, is storage contract territory: tests/Barge.Storage.Tests).
/// </summary>
public sealed class JournalCrashRecoveryTests
{
    [Fact]
    public async Task Running_batches_are_failed_at_start()
    {
        var first = await TestServer.StartSqliteAsync();
        var dataPath = first.DataPath;
        await first.DisposeAsync();

        // What a crash between the journal's "running" row and the batch's commit leaves behind.
        using (var db = new SqliteConnection($"Data Source={Path.Combine(dataPath, "barge.db")};Pooling=false"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = "INSERT INTO journal(id, user, environment, service, status, message, started) " +
                              "VALUES('crashed', 'anonymous', 'default', 'weaviate.batch.objects', 'running', 'running', $started)";
            cmd.Parameters.AddWithValue("$started", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()); // recent: retention keeps it
            cmd.ExecuteNonQuery();
        }

        await using var second = await TestServer.StartSqliteAsync(dataPath: dataPath);
        var s = (await second.GetAsync("/api/batch/v1/crashed")).Json;
        Assert.Equal("failed", (string)s["status"]!);
        Assert.Equal("the server stopped before the batch completed", (string)s["message"]!);
        Assert.NotNull(s["ended"]);
    }
}
