using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Barge.EndToEnd.Tests;

/// <summary>
/// Two <c>barge serve</c> processes on one PostgreSQL database serve the same data: a class created through one is
/// usable through the other at once, schema changes reach the other node, and concurrent batches through both
/// (overlapping ids included) lose nothing. PostgreSQL only: a shared SQLite folder is not a supported setup.
/// </summary>
public sealed class MultiNodeTests
{
    private const int WritersPerNode = 3;
    private const int BatchSize = 50;

    [Fact]
    public async Task Two_nodes_on_one_database_share_schema_and_lose_no_write()
    {
        await using var database = await BargeData.CreatePostgresAsync();
        // Auto-schema off: node B can only accept objects of class Shared if it learned of the class created through A.
        var env = new Dictionary<string, string> { ["AUTOSCHEMA_ENABLED"] = "false" };
        await using var a = await BargeProcess.StartAsync(database, env);
        await using var b = await BargeProcess.StartAsync(database, env);
        using var httpA = new HttpClient { BaseAddress = a.Address };
        using var httpB = new HttpClient { BaseAddress = b.Address };

        var created = await httpA.PostAsync("/v1/schema", Json("""{"class":"Shared","properties":[{"name":"title","dataType":["text"]},{"name":"node","dataType":["text"]}]}"""));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);

        // At once: no wait between the create through A and the use through B.
        var first = await ImportAsync(httpB, Items("first", 0, 20), "B");
        Assert.Equal(20, first.Count);
        Assert.Equal(HttpStatusCode.OK, (await httpB.GetAsync("/v1/schema/Shared")).StatusCode);

        // A property added through B reaches A (announced with NOTIFY; polled, since the announcement is asynchronous).
        var added = await httpB.PostAsync("/v1/schema/Shared/properties", Json("""{"name":"extra","dataType":["int"]}"""));
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.True(await EventuallyAsync(async () => (await httpA.GetStringAsync("/v1/schema/Shared")).Contains("\"extra\"", StringComparison.Ordinal)),
            "the property added through node B never appeared in node A's schema");

        // Concurrent batches through both nodes. Half of each batch's ids are shared with the other node's writer of
        // the same number, so that both nodes upsert the same objects at the same time.
        var acknowledged = new ConcurrentDictionary<string, bool>();
        foreach (var id in first) acknowledged[id] = true;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(4));
        var writers = Enumerable.Range(0, WritersPerNode).SelectMany(w => new[]
        {
            WriteUntilStoppedAsync(httpA, "A", w, acknowledged, stop.Token),
            WriteUntilStoppedAsync(httpB, "B", w, acknowledged, stop.Token),
        }).ToArray();
        var failures = (await Task.WhenAll(writers)).Sum();
        Assert.Equal(0, failures);
        Assert.True(acknowledged.Count > first.Count + BatchSize, "hardly any batch was acknowledged; the test proved nothing");

        foreach (var http in new[] { httpA, httpB })
        {
            var page = JsonNode.Parse(await http.GetStringAsync("/v1/objects?class=Shared&limit=1"))!;
            Assert.Equal(acknowledged.Count, (long)page["totalResults"]!);
        }
        foreach (var id in acknowledged.Keys.Where((_, i) => i % 25 == 0))
            Assert.Equal(HttpStatusCode.OK, (await httpA.GetAsync($"/v1/objects/Shared/{id}")).StatusCode);
    }

    /// <summary>Sends batches until stopped; returns how many items failed (must be none).</summary>
    private static async Task<int> WriteUntilStoppedAsync(HttpClient http, string node, int writer, ConcurrentDictionary<string, bool> acknowledged, CancellationToken stop)
    {
        var failed = 0;
        for (var batch = 0; !stop.IsCancellationRequested; batch++)
        {
            // Items 0..24 of batch n of writer w have the same ids on both nodes; 25..49 are this node's own.
            var items = Items($"w{writer}-b{batch}", 0, BatchSize / 2)
                .Concat(Items($"{node}-w{writer}-b{batch}", BatchSize / 2, BatchSize)).ToList();
            var ok = await ImportAsync(http, items, node);
            failed += items.Count - ok.Count;
            foreach (var id in ok) acknowledged[id] = true;
        }
        return failed;
    }

    private static List<(string Id, string Title)> Items(string prefix, int from, int to) =>
        Enumerable.Range(from, to - from).Select(i => (StableId($"{prefix}-{i}"), $"{prefix} item {i}")).ToList();

    /// <summary>Ids of the items answered SUCCESS.</summary>
    private static async Task<List<string>> ImportAsync(HttpClient http, List<(string Id, string Title)> items, string node)
    {
        var body = new JsonObject
        {
            ["objects"] = new JsonArray(items.Select(x => (JsonNode)new JsonObject
            {
                ["class"] = "Shared", ["id"] = x.Id, ["properties"] = new JsonObject { ["title"] = x.Title, ["node"] = node },
            }).ToArray()),
        };
        using var response = await http.PostAsync("/v1/batch/objects", Json(body.ToJsonString()));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"batch through node {node}: {(int)response.StatusCode} {text}");
        var results = JsonNode.Parse(text)!.AsArray();
        var ok = new List<string>();
        for (var i = 0; i < results.Count; i++)
        {
            if ((string?)results[i]!["result"]!["status"] == "SUCCESS") ok.Add(items[i].Id);
            else Assert.Fail($"node {node} failed item {items[i].Id}: {results[i]!["result"]!.ToJsonString()}");
        }
        return ok;
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return true;
            await Task.Delay(50);
        }
        return false;
    }

    /// <summary>The same id for the same name on both nodes' writers: a name-based (version 5 shaped) uuid.</summary>
    private static string StableId(string name)
    {
        var hex = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(Encoding.UTF8.GetBytes(name)));
        return $"{hex[..8]}-{hex[8..12]}-5{hex[13..16]}-8{hex[17..20]}-{hex[20..32]}";
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
}
