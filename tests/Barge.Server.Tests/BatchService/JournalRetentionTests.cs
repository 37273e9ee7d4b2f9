using Barge.Server.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static Barge.Server.Tests.BatchService.JournalTestKit;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.BatchService;

/// <summary>
/// Summaries are pruned in the background by count and by age, their idempotency keys with them. The server runs on a
/// fake clock: batches are timed by it, and the pruning timer ticks only when the test moves it on, so what is pruned
/// never depends on how fast the machine is.
/// </summary>
public sealed class JournalRetentionTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Only_the_newest_batches_are_kept()
    {
        var clock = new FakeTimeProvider(Start);
        await using var server = await TestServer.StartAsync(o => o with { JournalMaxBatches = 2, JournalPruneInterval = TimeSpan.FromMinutes(1), Clock = clock });
        for (var i = 0; i < 5; i++)
        {
            await server.SendWithAsync(HttpMethod.Post, "/api/batch/v1?collection=Pruned", VarBatch($"r-{i}", J($$"""{"_id":"e{{i}}"}""")),
                H(("Idempotency-Key", $"key-{i}")));
            clock.Advance(TimeSpan.FromSeconds(1));
        }
        // The timer ticks when a minute has passed on the server's clock (and not before: the run at start aside).
        clock.Advance(TimeSpan.FromMinutes(1));
        var list = await WaitForTotalAsync(server, 2);
        Assert.Equal(["r-4", "r-3"], list.Json.AsArray().Select(e => (string)e!["_id"]!).ToList());
        Assert.Equal(5, await server.CountAsync("Pruned")); // data is never pruned

        // The key of a pruned batch is forgotten with it: the same key runs again.
        var again = await server.SendWithAsync(HttpMethod.Post, "/api/batch/v1?collection=Pruned", VarBatch("r-0b", J("""{"_id":"e0"}""")), H(("Idempotency-Key", "key-0")));
        Assert.Equal(200, again.Status);
        Assert.False(again.Headers.ContainsKey("Idempotency-Replayed"));
        // The key of a kept batch is still remembered: its first answer is replayed.
        var replay = await server.SendWithAsync(HttpMethod.Post, "/api/batch/v1?collection=Pruned", VarBatch("r-4", J("""{"_id":"e4"}""")), H(("Idempotency-Key", "key-4")));
        Assert.Equal(200, replay.Status);
        Assert.True(replay.Headers.ContainsKey("Idempotency-Replayed"), replay.ToString());
    }

    [Fact]
    public async Task Old_batches_are_pruned_by_age()
    {
        var clock = new FakeTimeProvider(Start);
        await using var server = await TestServer.StartAsync(o => o with
        {
            JournalMaxAge = TimeSpan.FromHours(1),
            JournalMaxBatches = null,
            JournalPruneInterval = TimeSpan.FromMinutes(1),
            Clock = clock,
        });
        Assert.Equal(200, (await server.PostAsync("/api/batch/v1?collection=Aged", VarBatch("old", J("""{"_id":"a"}""")))).Status);
        Assert.Equal(Start.ToUnixTimeMilliseconds(), DateTimeOffset.Parse((string)(await server.SummaryAsync("old"))["started"]!, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds());

        // 59 minutes on, the timer has ticked many times and "old" is not yet an hour old: it stays.
        clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(200, (await server.PostAsync("/api/batch/v1?collection=Aged", VarBatch("new", J("""{"_id":"b"}""")))).Status);
        AssertTotal(await server.GetAsync("/api/batch/v1"), 2);

        // 61 minutes on, "old" is past the limit and goes at the next tick; "new", two minutes old, stays.
        clock.Advance(TimeSpan.FromMinutes(2));
        var list = await WaitForTotalAsync(server, 1);
        Assert.Equal(["new"], list.Json.AsArray().Select(e => (string)e!["_id"]!).ToList());
        Assert.Equal(2, await server.CountAsync("Aged")); // data is never pruned
    }

    /// <summary>
    /// Waits for the pruning pass that the test's last move of the clock set off, which runs in the background (a
    /// bounded wait for that pass to finish, not for time to pass: the clock only moves when the test moves it). Every
    /// read on the way must agree with itself: the page and its total are read in one snapshot, so a read taken while
    /// the pass deletes shows either all of its rows or none of them.
    /// </summary>
    private static async Task<Reply> WaitForTotalAsync(TestServer server, int total)
    {
        var expected = total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        for (var attempt = 0; ; attempt++)
        {
            var list = await server.GetAsync("/api/batch/v1");
            Assert.Equal(list.Headers["x-total-count"], list.Json.AsArray().Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (list.Headers["x-total-count"] == expected || attempt > 100) return AssertTotal(list, total);
            await Task.Delay(50);
        }
    }

    private static Reply AssertTotal(Reply list, int total)
    {
        Assert.Equal(total.ToString(System.Globalization.CultureInfo.InvariantCulture), list.Headers["x-total-count"]);
        return list;
    }
}
