using System.Globalization;
using System.Text.Json.Nodes;
using Barge.Server.Tests.GraphQL;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.BatchService.JournalTestKit;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.Keyword;

/// <summary>
/// BM25F answers after the changes that remove many objects at once: a tenant deleted (and created again), a batch
/// undone, and a delete by filter. Every score is checked against <see cref="ReferenceBm25"/> over the objects the
/// test knows are stored, on the store <c>BARGE_TEST_STORAGE</c> selects.
/// </summary>
public sealed class KeywordIndexChangeTests : IAsyncLifetime
{
    private static readonly string[] Words = ["fox", "river", "quick", "brown", "lazy", "dog", "stone", "light"];
    private static readonly RefField[] Fields = [new("title"), new("body")];
    private static readonly string[] Queries = ["fox", "river stone", "lazy dog light"];

    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static JsonObject Properties(int i, int version = 0)
    {
        var random = new Random(i * 17 + version);
        string Text(int min, int max) => string.Join(' ', Enumerable.Range(0, random.Next(min, max + 1)).Select(_ => Words[random.Next(Words.Length)]));
        var p = new JsonObject { ["title"] = Text(1, 4), ["n"] = i };
        if (i % 5 != 0) p["body"] = Text(2, 12);
        return p;
    }

    private async Task CheckAsync(string cls, IReadOnlyDictionary<string, JsonObject> stored, string label, string? tenant = null)
    {
        foreach (var query in Queries)
        {
            var arguments = $"bm25:{{query:\"{query}\"}},limit:100" + (tenant is null ? "" : $",tenant:\"{tenant}\"");
            var data = await _server.DataAsync("{Get{" + cls + "(" + arguments + "){_additional{id score}}}}");
            var returned = data["Get"]![cls]!.AsArray()
                .Select(o => ((string)o!["_additional"]!["id"]!, double.Parse(o["_additional"]!["score"]!.ToString(), CultureInfo.InvariantCulture))).ToList();
            ReferenceBm25.AssertRanked(ReferenceBm25.Rank(stored, query, Fields), returned, 100, $"{label}, '{query}'");
        }
    }

    [Fact]
    public async Task A_deleted_tenant_leaves_nothing_in_the_scores_and_comes_back_empty()
    {
        const string cls = "KwTenantDelete";
        await _server.CreateClassAsync($$"""
            {"class":"{{cls}}","multiTenancyConfig":{"enabled":true},
             "properties":[{"name":"title","dataType":["text"]},{"name":"body","dataType":["text"]},{"name":"n","dataType":["int"]}]}
            """);
        Assert.Equal(200, (await _server.PostAsync($"/v1/schema/{cls}/tenants", J("""[{"name":"alpha"},{"name":"beta"}]"""))).Status);
        var byTenant = new Dictionary<string, Dictionary<string, JsonObject>> { ["alpha"] = [], ["beta"] = [] };
        var objects = new List<JsonNode>();
        for (var i = 0; i < 80; i++)
        {
            var tenant = i % 2 == 0 ? "beta" : "alpha";
            var o = Obj(cls, Id(i), Properties(i).ToJsonString());
            o["tenant"] = tenant;
            objects.Add(o);
            byTenant[tenant][Id(i)] = Properties(i);
        }
        Assert.Equal(200, (await _server.ImportAsync([.. objects])).Status);
        await CheckAsync(cls, byTenant["beta"], "beta before", "beta");

        Assert.Equal(200, (await _server.DeleteAsync($"/v1/schema/{cls}/tenants", J("""["beta"]"""))).Status);
        await CheckAsync(cls, byTenant["alpha"], "alpha after beta was deleted", "alpha");

        Assert.Equal(200, (await _server.PostAsync($"/v1/schema/{cls}/tenants", J("""[{"name":"beta"}]"""))).Status);
        var again = new Dictionary<string, JsonObject>();
        var o2 = Obj(cls, Id(500), Properties(500, 1).ToJsonString());
        o2["tenant"] = "beta";
        Assert.Equal(200, (await _server.ImportAsync(o2)).Status);
        again[Id(500)] = Properties(500, 1);
        await CheckAsync(cls, again, "beta created again", "beta");
    }

    [Fact]
    public async Task An_undone_batch_and_a_delete_by_filter_leave_the_scores_of_what_remains()
    {
        const string cls = "KwUndo";
        await _server.CreateClassAsync($$"""
            {"class":"{{cls}}","properties":[{"name":"title","dataType":["text"]},{"name":"body","dataType":["text"]},{"name":"n","dataType":["int"]}]}
            """);
        var stored = new Dictionary<string, JsonObject>();
        async Task ImportAsync(string batchId, IEnumerable<int> numbers, int version)
        {
            var objects = numbers.Select(i => (JsonNode)Obj(cls, Id(i), Properties(i, version).ToJsonString())).ToArray();
            var reply = await _server.SendWithAsync(HttpMethod.Post, "/v1/batch/objects", new JsonObject { ["objects"] = new JsonArray(objects) },
                new Dictionary<string, string> { ["X-Batch-Id"] = batchId });
            Assert.Equal(200, reply.Status);
        }
        await ImportAsync("first", Enumerable.Range(0, 60), 0);
        foreach (var i in Enumerable.Range(0, 60)) stored[Id(i)] = Properties(i);
        // The second batch creates 60..99; replacing 0..9 is not undone (undo only deletes what the batch created).
        await ImportAsync("second", Enumerable.Range(0, 10).Concat(Enumerable.Range(60, 40)), 1);
        foreach (var i in Enumerable.Range(0, 10).Concat(Enumerable.Range(60, 40))) stored[Id(i)] = Properties(i, 1);
        await CheckAsync(cls, stored, "both batches");

        var undo = await _server.PostAsync("/api/batch/v1/second/undo", null);
        Assert.Equal(200, undo.Status);
        foreach (var deleted in undo.Json["deleted"]!.AsArray()) stored.Remove((string)deleted!["id"]!);
        Assert.Equal(60, stored.Count);
        await CheckAsync(cls, stored, "second batch undone");

        var reply = await _server.DeleteAsync("/v1/batch/objects", J("""{"match":{"class":"KwUndo","where":{"operator":"LessThan","path":["n"],"valueInt":20}}}"""));
        Assert.Equal(200, reply.Status);
        foreach (var i in Enumerable.Range(0, 20)) stored.Remove(Id(i));
        await CheckAsync(cls, stored, "deleted by filter");
    }
}
