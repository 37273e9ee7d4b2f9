using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.Weaviate;

/// <summary>
/// Delete by an indexed property among many objects: correctness only (speed is measured elsewhere).
/// </summary>
public sealed class BatchLargeImportTests : IAsyncLifetime
{
    private const int Total = 20_000;
    private TestServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        // Four batches of 5,000; every 1,000th object carries the rare sku the deletes look for.
        for (var b = 0; b < 4; b++)
        {
            var objects = Enumerable.Range(b * 5000, 5000).Select(i => (JsonNode)Obj("Product", Id(i),
                $$"""{"sku":"{{(i % 1000 == 0 ? "rare" : $"sku{i % 997}")}}","price":{{i}}}""")).ToArray();
            var reply = await _server.ImportAsync(objects);
            Assert.Equal("5000", reply.Headers["X-Batch-Succeeded"]);
        }
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_dry_run_then_a_delete_find_exactly_the_rare_objects_among_twenty_thousand()
    {
        Assert.Equal(Total, await _server.CountAsync("Product"));
        const string rare = """{"operator":"Equal","path":["sku"],"valueText":"rare"}""";
        var expected = Enumerable.Range(0, 20).Select(k => Id(k * 1000)).ToList();

        var dry = await _server.DeleteWhereAsync("Product", rare, "verbose", dryRun: true);
        Assert.Equal(20, (int)dry.Json["results"]!["matches"]!);
        Assert.Equal(expected, dry.Json["results"]!["objects"]!.AsArray().Select(o => (string)o!["id"]!));

        var range = await _server.MatchingIdsAsync("Product", """{"operator":"And","operands":[{"operator":"GreaterThanEqual","path":["price"],"valueNumber":19990},{"operator":"LessThan","path":["price"],"valueNumber":19995}]}""");
        Assert.Equal(Enumerable.Range(19990, 5).Select(Id), range);

        var real = await _server.DeleteWhereAsync("Product", rare);
        Assert.Equal(20, (int)real.Json["results"]!["successful"]!);
        Assert.Equal(Total - 20, await _server.CountAsync("Product"));
        Assert.Null(await _server.GetObjectAsync("Product", Id(5000)));
        Assert.NotNull(await _server.GetObjectAsync("Product", Id(5001)));
    }
}
