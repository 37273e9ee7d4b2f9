using Barge.Server.Tests.Support;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.Weaviate;

/// <summary>The per-call limit of delete by query (QUERY_MAXIMUM_RESULTS) and the <c>remaining</c> extension (spec §3.2).</summary>
public sealed class BatchDeleteLimitTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync(o => o with { QueryMaximumResults = 5, QueryDefaultsLimit = 5 });
        // Ids deliberately not in insertion order, so that "oldest first" differs from "by id".
        var objects = Enumerable.Range(0, 12).Select(i => Obj("Item", Id(100 - i), """{"group":"g"}""")).ToList();
        objects.Add(Obj("Item", Id(1), """{"group":"other"}"""));
        await _server.ImportAsync([.. objects]);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private const string Group = """{"operator":"Equal","path":["group"],"valueText":"g"}""";

    [Fact]
    public async Task A_dry_run_lists_the_oldest_limit_matches_in_insertion_order()
    {
        var reply = await _server.DeleteWhereAsync("Item", Group, "verbose", dryRun: true);
        var results = reply.Json["results"]!;
        Assert.Equal(12, (int)results["matches"]!);
        Assert.Equal(5, (int)results["limit"]!);
        Assert.Equal(12, (int)results["remaining"]!);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => Id(100 - i)), results["objects"]!.AsArray().Select(o => (string)o!["id"]!));
    }

    [Fact]
    public async Task Repeated_deletes_take_five_oldest_each_time_until_none_remain()
    {
        var deleted = new List<string>();
        int[] expectedRemaining = [7, 2, 0];
        int[] expectedMatches = [12, 7, 2];
        for (var round = 0; round < 3; round++)
        {
            var reply = await _server.DeleteWhereAsync("Item", Group, "verbose");
            var results = reply.Json["results"]!;
            Assert.Equal(expectedMatches[round], (int)results["matches"]!);
            Assert.Equal(expectedRemaining[round], (int)results["remaining"]!);
            Assert.Equal(Math.Min(5, expectedMatches[round]), (int)results["successful"]!);
            deleted.AddRange(results["objects"]!.AsArray().Select(o => (string)o!["id"]!));
        }
        Assert.Equal(Enumerable.Range(0, 12).Select(i => Id(100 - i)), deleted);
        var last = await _server.DeleteWhereAsync("Item", Group);
        Assert.Equal(0, (int)last.Json["results"]!["matches"]!);
        Assert.Equal(1, await _server.CountAsync("Item"));
    }
}
