using Barge.Server.Tests.Support;
using static Barge.Server.Tests.BatchService.JournalTestKit;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.BatchService;

/// <summary>Summaries are pruned in the background by count and by age, their idempotency keys with them.</summary>
public sealed class JournalRetentionTests
{
    [Fact]
    public async Task Only_the_newest_batches_are_kept()
    {
        await using var server = await TestServer.StartAsync(o => o with { JournalMaxBatches = 2, JournalPruneInterval = TimeSpan.FromMilliseconds(50) });
        for (var i = 0; i < 5; i++)
            await server.SendWithAsync(HttpMethod.Post, "/api/batch/v1?collection=Pruned", VarBatch($"r-{i}", J($$"""{"_id":"e{{i}}"}""")),
                H(("Idempotency-Key", $"key-{i}")));
        var list = await WaitForTotalAsync(server, 2);
        Assert.Equal(["r-4", "r-3"], list.Json.AsArray().Select(e => (string)e!["_id"]!).ToList());
        Assert.Equal(5, await server.CountAsync("Pruned")); // data is never pruned

        // The key of a pruned batch is forgotten with it: the same key runs again.
        var again = await server.SendWithAsync(HttpMethod.Post, "/api/batch/v1?collection=Pruned", VarBatch("r-0b", J("""{"_id":"e0"}""")), H(("Idempotency-Key", "key-0")));
        Assert.Equal(200, again.Status);
        Assert.False(again.Headers.ContainsKey("Idempotency-Replayed"));
    }

    [Fact]
    public async Task Old_batches_are_pruned_by_age()
    {
        await using var server = await TestServer.StartAsync(o => o with { JournalMaxAge = TimeSpan.FromMilliseconds(300), JournalPruneInterval = TimeSpan.FromMilliseconds(50) });
        await server.PostAsync("/api/batch/v1?collection=Aged", VarBatch("old", J("""{"_id":"a"}""")));
        await WaitForTotalAsync(server, 0);
    }

    private static async Task<Reply> WaitForTotalAsync(TestServer server, int total)
    {
        for (var attempt = 0; ; attempt++)
        {
            var list = await server.GetAsync("/api/batch/v1");
            if (list.Headers["x-total-count"] == total.ToString(System.Globalization.CultureInfo.InvariantCulture) || attempt > 100) return AssertTotal(list, total);
            await Task.Delay(50);
        }
    }

    private static Reply AssertTotal(Reply list, int total)
    {
        Assert.Equal(total.ToString(System.Globalization.CultureInfo.InvariantCulture), list.Headers["x-total-count"]);
        return list;
    }
}
