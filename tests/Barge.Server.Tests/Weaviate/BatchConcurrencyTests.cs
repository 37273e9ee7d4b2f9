using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.Weaviate;

/// <summary>Concurrent batch requests: nothing lost, no duplicate objects, no lost reference appends.</summary>
public sealed class BatchConcurrencyTests : IAsyncLifetime
{
    private TestServer _server = null!;
    public async Task InitializeAsync() => _server = await TestServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Eight_concurrent_batches_of_two_hundred_all_land()
    {
        var batches = Enumerable.Range(0, 8).Select(b =>
            _server.ImportAsync(Enumerable.Range(0, 200).Select(i => (JsonNode)Obj("Bulk", null, $$"""{"batch":{{b}},"i":{{i}}}""")).ToArray()));
        var replies = await Task.WhenAll(batches);
        Assert.All(replies, r =>
        {
            Assert.Equal(200, r.Status);
            Assert.Equal("200", r.Headers["X-Batch-Succeeded"]);
            Assert.Equal("0", r.Headers["X-Batch-Failed"]);
        });
        var ids = replies.SelectMany(r => r.Json.AsArray().Select(i => (string)i!["id"]!)).ToList();
        Assert.Equal(1600, ids.Distinct().Count());
        Assert.Equal(1600, await _server.CountAsync("Bulk"));
        var page = await _server.GetAsync("/v1/objects?class=Bulk&limit=10000");
        Assert.Equal(1600, page.Json["objects"]!.AsArray().Count);
    }

    [Fact]
    public async Task The_same_client_ids_sent_by_concurrent_batches_make_one_object_each()
    {
        var batches = Enumerable.Range(0, 8).Select(b =>
            _server.ImportAsync(Enumerable.Range(0, 100).Select(i => (JsonNode)Obj("Shared", Id(i), $$"""{"writer":{{b}}}""")).ToArray()));
        var replies = await Task.WhenAll(batches);
        Assert.All(replies, r => Assert.All(r.Json.AsArray(), i => Assert.Equal("SUCCESS", Status(i!))));
        Assert.Equal(100, await _server.CountAsync("Shared"));
        // Each object is wholly one writer's version, never a mix.
        var writers = new HashSet<int>();
        foreach (var i in Enumerable.Range(0, 100))
            writers.Add((int)(await _server.GetObjectAsync("Shared", Id(i)))!["properties"]!["writer"]!);
        Assert.All(writers, w => Assert.InRange(w, 0, 7));
    }

    [Fact]
    public async Task Concurrent_reference_batches_onto_one_source_lose_no_append()
    {
        await _server.ImportAsync(Obj("Target", Id(1000), """{"n":"t"}"""),
            Obj("Hub", Id(1), $$"""{"links":[{"beacon":"weaviate://localhost/Target/{{Id(1000)}}"}]}"""));
        var batches = Enumerable.Range(0, 10).Select(b =>
        {
            var refs = new JsonArray(Enumerable.Range(0, 20).Select(i => (JsonNode)new JsonObject
            {
                ["from"] = $"weaviate://localhost/Hub/{Id(1)}/links",
                ["to"] = $"weaviate://localhost/Target/{Id(b * 100 + i)}",
            }).ToArray());
            return _server.PostAsync("/v1/batch/references", refs);
        });
        var replies = await Task.WhenAll(batches);
        Assert.All(replies, r => Assert.Equal("20", r.Headers["X-Batch-Succeeded"]));
        var links = (await _server.GetObjectAsync("Hub", Id(1)))!["properties"]!["links"]!.AsArray();
        Assert.Equal(201, links.Count);
        var targets = links.Skip(1).Select(l => (string)l!["beacon"]!).ToList();
        Assert.Equal(200, targets.Distinct().Count());
        // Within one batch the appends keep their order, whatever the interleaving of batches.
        foreach (var b in Enumerable.Range(0, 10))
        {
            var mine = targets.Where(t => Enumerable.Range(0, 20).Any(i => t.EndsWith(Id(b * 100 + i), StringComparison.Ordinal))).ToList();
            Assert.Equal(Enumerable.Range(0, 20).Select(i => $"weaviate://localhost/Target/{Id(b * 100 + i)}"), mine);
        }
    }

    [Fact]
    public async Task Concurrent_imports_and_deletes_leave_a_consistent_count()
    {
        await _server.ImportAsync(Enumerable.Range(0, 300).Select(i => (JsonNode)Obj("Mixed", Id(i), """{"kind":"old"}""")).ToArray());
        var import = _server.ImportAsync(Enumerable.Range(300, 300).Select(i => (JsonNode)Obj("Mixed", Id(i), """{"kind":"new"}""")).ToArray());
        var delete = _server.DeleteWhereAsync("Mixed", """{"operator":"Equal","path":["kind"],"valueText":"old"}""");
        await Task.WhenAll(import, delete);
        Assert.Equal(300, (int)(await delete).Json["results"]!["successful"]!);
        Assert.Equal(300, await _server.CountAsync("Mixed"));
    }
}
