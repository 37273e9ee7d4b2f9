using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.BatchService.JournalTestKit;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.BatchService;

/// <summary>
/// A batch's lists: the summary lists at most 1000 objects and failures and says so; the rest is paged by
/// <c>/objects</c> and <c>/failures</c>; the journal listing filters by collection and can leave the lists out.
/// </summary>
public sealed class BatchListsTests : IAsyncLifetime
{
    private const int Items = 2600; // over the summary's bound, and over two pages of the default limit
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    /// <summary>Even items are good, odd ones carry text where the class wants a number.</summary>
    private async Task<JsonNode> PostBigAsync()
    {
        await _server.PostAsync("/api/batch/v1?collection=Big", VarBatch("seed", J("""{"_id":"seed","n":1}""")));
        var elements = Enumerable.Range(0, Items).Select(i => i % 2 == 0 ? J($$"""{"_id":"e{{i}}","n":{{i}}}""") : J($$"""{"_id":"e{{i}}","n":"bad"}""")).ToArray();
        var reply = await _server.PostAsync("/api/batch/v1?collection=Big", VarBatch("big", elements));
        Assert.True(reply.Status == 200, reply.ToString());
        return reply.Json;
    }

    [Fact]
    public async Task The_summary_is_bounded_and_says_how_much_it_lists()
    {
        var s = await PostBigAsync();
        Assert.Equal(1000, Ids(s, "Big").Count);
        Assert.Equal(1000, s["summary"]!["failures"]!.AsObject().Count);
        Assert.Equal(1000, (int)s["listed"]!["objects"]!);
        Assert.Equal(Items / 2, (long)s["listed"]!["objectsTotal"]!);
        Assert.Equal(1000, (int)s["listed"]!["failures"]!);
        Assert.Equal(Items / 2, (long)s["listed"]!["failuresTotal"]!);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"e{2 * i}"), Ids(s, "Big"));
    }

    [Fact]
    public async Task Objects_and_failures_are_paged_in_order_with_a_total()
    {
        await PostBigAsync();
        var objects = new List<JsonNode>();
        for (var skip = 0; ; skip += 500)
        {
            var page = await _server.GetAsync($"/api/batch/v1/big/objects?_limit=500&_skip={skip}");
            Assert.Equal(200, page.Status);
            Assert.Equal((Items / 2).ToString(), page.Headers["x-total-count"]);
            if (page.Json.AsArray().Count == 0) break;
            objects.AddRange(page.Json.AsArray()!);
        }
        Assert.Equal(Enumerable.Range(0, Items / 2).Select(i => $"e{2 * i}"), objects.Select(o => (string)o!["key"]!));
        var first = objects[0]!;
        Assert.Equal("Big", (string)first["collection"]!);
        var stored = await _server.GetAsync((string)first["href"]!);
        Assert.Equal(200, stored.Status);
        Assert.Equal((string)first["id"]!, (string)stored.Json["id"]!);

        var failures = await _server.GetAsync("/api/batch/v1/big/failures?_limit=3&_skip=1299");
        Assert.Equal((Items / 2).ToString(), failures.Headers["x-total-count"]);
        var last = failures.Json.AsArray().Single()!;
        Assert.Equal(Items - 1, (int)last["index"]!);
        Assert.Equal($"e{Items - 1}", (string)last["id"]!);
        Assert.False(string.IsNullOrEmpty((string)last["reason"]!));
        Assert.Equal(100, (await _server.GetAsync("/api/batch/v1/big/failures")).Json.AsArray().Count);
    }

    [Fact]
    public async Task Bad_paging_and_unknown_batches_are_refused_by_name()
    {
        var bad = await _server.GetAsync("/api/batch/v1/any/objects?_limit=0");
        Assert.Equal(400, bad.Status);
        Assert.Contains("_limit", (string)bad.Json["detail"]!, StringComparison.Ordinal);
        var skip = await _server.GetAsync("/api/batch/v1/any/failures?_skip=-1");
        Assert.Equal(400, skip.Status);
        Assert.Contains("_skip", (string)skip.Json["detail"]!, StringComparison.Ordinal);
        Assert.Equal(404, (await _server.GetAsync("/api/batch/v1/none/objects")).Status);
        Assert.Equal(404, (await _server.GetAsync("/api/batch/v1/none/failures")).Status);
        var flag = await _server.GetAsync("/api/batch/v1?summary=maybe");
        Assert.Equal(400, flag.Status);
        Assert.Contains("summary", (string)flag.Json["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_listing_filters_by_collection_and_can_leave_the_lists_out()
    {
        await _server.PostAsync("/api/batch/v1?collection=Alpha", VarBatch("a", J("""{"_id":"x","v":1}""")));
        await _server.PostAsync("/api/batch/v1?collection=Beta", VarBatch("b", J("""{"_id":"x","v":1}""")));
        await _server.PostAsync("/api/batch/v1", VarBatch("ab", J("""{"_id":"y","_type":"Alpha","v":2}"""), J("""{"_id":"y","_type":"Beta","v":2}""")));

        var alpha = await _server.GetAsync("/api/batch/v1?class=Alpha");
        Assert.Equal(["ab", "a"], alpha.Json.AsArray().Select(e => (string)e!["_id"]!).ToList());
        Assert.Equal("2", alpha.Headers["x-total-count"]);
        Assert.Equal("0", (await _server.GetAsync("/api/batch/v1?class=Gamma")).Headers["x-total-count"]);

        var bare = await _server.GetAsync("/api/batch/v1?summary=false");
        Assert.All(bare.Json.AsArray(), e => Assert.False(e!.AsObject().ContainsKey("summary")));
        Assert.All(bare.Json.AsArray(), e => Assert.NotNull(e!["counts"]));
    }
}
