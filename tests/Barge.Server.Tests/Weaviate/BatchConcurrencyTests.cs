using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.BatchService.JournalTestKit;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.Weaviate;

/// <summary>Concurrent batch requests: nothing lost, no duplicate objects, no lost reference appends.</summary>
public sealed class BatchConcurrencyTests : IAsyncLifetime
{
    private TestServer _server = null!;
    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync();
    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

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
        // Every object sent is stored once, with its own content, under the id its answer gave.
        var stored = page.Json["objects"]!.AsArray().ToDictionary(o => (string)o!["id"]!, o => ((int)o!["properties"]!["batch"]!, (int)o["properties"]!["i"]!));
        var answered = replies.SelectMany((r, b) => r.Json.AsArray().Select((item, i) => ((string)item!["id"]!, (b, i))));
        Assert.All(answered, a => Assert.Equal(a.Item2, stored[a.Item1]));
    }

    [Fact]
    public async Task The_same_client_ids_sent_by_concurrent_batches_make_one_object_each()
    {
        // Every writer sends the same 100 ids, each with its own version of the object: its number, a tag, a property
        // only it sets (p0…p7) and a vector of its own. An upsert replaces the whole object, so whichever version lands
        // last, an object is wholly one writer's, and its index rows are that version's and no other's.
        const int writers = 8, objects = 100;
        var properties = string.Join(",", Enumerable.Range(0, writers).Select(w => $$"""{"name":"p{{w}}","dataType":["int"]}"""));
        await _server.CreateClassAsync($$"""{"class":"Shared","properties":[{"name":"writer","dataType":["int"]},{"name":"tag","dataType":["text"],"tokenization":"field"},{{properties}}]}""");
        static JsonObject Version(int w, int i) => new()
        {
            ["class"] = "Shared", ["id"] = Id(i),
            ["properties"] = new JsonObject { ["writer"] = w, ["tag"] = $"{w}-{i}", [$"p{w}"] = i },
            ["vector"] = new JsonArray(w + 1, i + 1, 1),
        };
        var batches = Enumerable.Range(0, writers).Select(w => _server.SendWithAsync(HttpMethod.Post, "/v1/batch/objects",
            new JsonObject { ["objects"] = new JsonArray(Enumerable.Range(0, objects).Select(i => (JsonNode)Version(w, i)).ToArray()) },
            H(("X-Batch-Id", $"writer-{w}"))));
        var replies = await Task.WhenAll(batches);
        Assert.All(replies, r =>
        {
            Assert.Equal(200, r.Status);
            Assert.Equal(Enumerable.Range(0, objects).Select(Id), r.Json.AsArray().Select(i => (string)i!["id"]!));
            Assert.All(r.Json.AsArray(), i => Assert.Equal("SUCCESS", Status(i!)));
        });
        Assert.Equal(objects, await _server.CountAsync("Shared"));

        // Each object is exactly one writer's version: no property, tag or vector of another writer, nothing merged.
        var owner = new Dictionary<string, int>();
        foreach (var i in Enumerable.Range(0, objects))
        {
            var reply = await _server.GetAsync($"/v1/objects/Shared/{Id(i)}?include=vector");
            Assert.Equal(200, reply.Status);
            var w = (int)reply.Json["properties"]!["writer"]!;
            Assert.InRange(w, 0, writers - 1);
            Assert.True(JsonNode.DeepEquals(Version(w, i)["properties"], reply.Json["properties"]), $"{Id(i)} is not writer {w}'s version: {reply.Body}");
            Assert.Equal([w + 1f, i + 1f, 1f], reply.Json["vector"]!.AsArray().Select(v => (float)v!));
            owner[Id(i)] = w;
        }
        // The index agrees with the stored versions: a filter on a writer's values finds exactly the objects whose
        // stored version is that writer's (rows of a replaced version left behind, or a version's rows lost, show here).
        foreach (var w in Enumerable.Range(0, writers))
        {
            var expected = owner.Where(o => o.Value == w).Select(o => o.Key).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected, await _server.MatchingIdsAsync("Shared", $$"""{"operator":"Equal","path":["writer"],"valueInt":{{w}}}"""));
            Assert.Equal(expected, await _server.MatchingIdsAsync("Shared", $$"""{"operator":"GreaterThanEqual","path":["p{{w}}"],"valueInt":0}"""));
            Assert.Equal(expected, await _server.MatchingIdsAsync("Shared", $$"""{"operator":"Like","path":["tag"],"valueText":"{{w}}-*"}"""));
        }
        // Every batch is journaled whole: a success that wrote all 100 ids.
        foreach (var w in Enumerable.Range(0, writers))
        {
            var summary = await _server.SummaryAsync($"writer-{w}");
            Assert.Equal("success", (string)summary["status"]!);
            Assert.Equal(objects, (int)summary["counts"]!["succeeded"]!);
            Assert.Equal(Enumerable.Range(0, objects).Select(Id).Order(StringComparer.Ordinal), Ids(summary, "Shared").Order(StringComparer.Ordinal));
        }
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
        Assert.All((await import).Json.AsArray(), i => Assert.Equal("SUCCESS", Status(i!)));
        Assert.Equal(300, await _server.CountAsync("Mixed"));
        // Exactly the old objects went, and exactly the new ones stayed, whichever ran first.
        var page = await _server.GetAsync("/v1/objects?class=Mixed&limit=10000");
        Assert.Equal(Enumerable.Range(300, 300).Select(Id), page.Json["objects"]!.AsArray().Select(o => (string)o!["id"]!).Order(StringComparer.Ordinal));
        Assert.All(page.Json["objects"]!.AsArray(), o => Assert.Equal("new", (string)o!["properties"]!["kind"]!));
        Assert.Empty(await _server.MatchingIdsAsync("Mixed", """{"operator":"Equal","path":["kind"],"valueText":"old"}"""));
    }
}
