using System.Globalization;
using System.Text.Json.Nodes;
using Barge.Server.Grpc.Protocol;
using Barge.Server.Tests.GraphQL;
using Barge.Server.Tests.Support;
using WeaviateClient = Barge.Server.Grpc.Protocol.Weaviate.WeaviateClient;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.Keyword;

/// <summary>
/// BM25F answers stay exact while the class changes: after deletes, replaces and patches, right after a batch is
/// acknowledged, past the point where the newest index part is written to disk, and after a restart (the in-memory
/// part rebuilt from the objects). Every score is checked against <see cref="ReferenceBm25"/> over the objects the
/// test knows are stored, through GraphQL and gRPC, on the store <c>BARGE_TEST_STORAGE</c> selects.
/// </summary>
public sealed class KeywordIndexTests : IAsyncLifetime
{
    private const string Class = "KwIndex";
    private const double K1 = 1.3;
    private const double B = 0.6;
    private static readonly string[] Words = ["fox", "river", "quick", "brown", "lazy", "dog", "the", "jumps", "over", "red", "stone", "light"];
    private static readonly string[] Tags = ["Red Fox", "blue", "fox"];
    private static readonly RefField[] Fields = [new("title"), new("body"), new("tag", "field")];

    private TestServer _server = null!;
    private readonly Dictionary<string, JsonObject> _stored = new(StringComparer.Ordinal);

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await InitializeClassAsync();
    }

    private async Task InitializeClassAsync()
    {
        await _server.CreateClassAsync($$$"""
            {"class":"{{{Class}}}","invertedIndexConfig":{"bm25":{"k1":{{{K1.ToString(CultureInfo.InvariantCulture)}}},"b":{{{B.ToString(CultureInfo.InvariantCulture)}}}}},
             "properties":[{"name":"title","dataType":["text"]},{"name":"body","dataType":["text"]},
                           {"name":"tag","dataType":["text"],"tokenization":"field"},{"name":"n","dataType":["int"]}]}
            """);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    /// <summary>Deterministic properties of object <paramref name="i"/>, varied by <paramref name="version"/>.</summary>
    private static JsonObject Properties(int i, int version = 0)
    {
        var random = new Random(i * 31 + version);
        string Text(int min, int max) => string.Join(' ', Enumerable.Range(0, random.Next(min, max + 1)).Select(_ => Words[random.Next(Words.Length)]));
        var p = new JsonObject { ["title"] = Text(1, 5), ["tag"] = Tags[random.Next(Tags.Length)], ["n"] = i };
        // Some objects have no body: its mean length counts only the objects that have one.
        if (i % 7 != 0) p["body"] = Text(3, 15) + (i % 5 == 0 ? " Fox, fox!" : "");
        return p;
    }

    private async Task ImportAsync(IEnumerable<int> numbers, int version = 0)
    {
        foreach (var chunk in numbers.Chunk(1000))
        {
            var objects = chunk.Select(i => (JsonNode)Obj(Class, Id(i), Properties(i, version).ToJsonString())).ToArray();
            var reply = await _server.ImportAsync(objects);
            Assert.True(reply.Status == 200, reply.ToString());
            Assert.All(reply.Json.AsArray(), item => Assert.True(item!["result"]?["errors"] is null, item!.ToJsonString()));
            foreach (var i in chunk) _stored[Id(i)] = Properties(i, version);
        }
    }

    private async Task<List<(string Id, double Score)>> GraphQLAsync(string query, int limit, string? where = null, string cls = Class, string? tenant = null)
    {
        var arguments = $"bm25:{{query:\"{query}\"}},limit:{limit}" + (where is null ? "" : ",where:" + where) + (tenant is null ? "" : $",tenant:\"{tenant}\"");
        var data = await _server.DataAsync("{Get{" + cls + "(" + arguments + "){_additional{id score}}}}");
        return data["Get"]![cls]!.AsArray()
            .Select(o => ((string)o!["_additional"]!["id"]!, double.Parse(o["_additional"]!["score"]!.ToString(), CultureInfo.InvariantCulture))).ToList();
    }

    private async Task<List<(string Id, double Score)>> GrpcAsync(string query, int limit, bool all = false)
    {
        using var channel = _server.GrpcChannel();
        var request = new SearchRequest
        {
            Collection = Class, Uses127Api = true, Limit = (uint)limit,
            Metadata = new MetadataRequest { Uuid = true, Score = true },
            Bm25Search = new BM25 { Query = query },
        };
        if (all) request.Bm25Search.SearchOperator = new SearchOperatorOptions { Operator = SearchOperatorOptions.Types.Operator.And };
        var reply = await new WeaviateClient(channel).SearchAsync(request);
        return reply.Results.Select(r => (r.Metadata.Id, (double)r.Metadata.Score)).ToList();
    }

    private async Task CheckAsync(string label, int limit = 100)
    {
        foreach (var query in new[] { "fox", "river stone", "Red Fox", "lazy dog jumps" })
        {
            ReferenceBm25.AssertRanked(ReferenceBm25.Rank(_stored, query, Fields, K1, B), await GraphQLAsync(query, limit), limit, $"{label}, graphql '{query}'");
        }
        ReferenceBm25.AssertRanked(ReferenceBm25.Rank(_stored, "river stone", Fields, K1, B, minimumMatch: null), await GrpcAsync("river stone", limit, all: true),
            limit, $"{label}, grpc AND 'river stone'");
    }

    [Fact]
    public async Task Deletes_replaces_and_patches_change_the_scores_at_once()
    {
        await ImportAsync(Enumerable.Range(0, 40));
        await CheckAsync("imported");

        foreach (var i in new[] { 1, 2, 3, 10, 35 })
        {
            Assert.Equal(204, (await _server.DeleteAsync($"/v1/objects/{Class}/{Id(i)}")).Status);
            _stored.Remove(Id(i));
        }
        var replaced = new JsonObject { ["title"] = "fox fox river", ["body"] = "stone", ["tag"] = "blue", ["n"] = 4 };
        Assert.Equal(200, (await _server.PutAsync($"/v1/objects/{Class}/{Id(4)}", new JsonObject { ["class"] = Class, ["id"] = Id(4), ["properties"] = replaced.DeepClone() })).Status);
        _stored[Id(4)] = replaced;
        Assert.Equal(204, (await _server.PatchAsync($"/v1/objects/{Class}/{Id(5)}", new JsonObject { ["class"] = Class, ["properties"] = new JsonObject { ["title"] = "light light light" } })).Status);
        _stored[Id(5)]["title"] = "light light light";
        // A replace by batch (same id, new text) and a body removed.
        await ImportAsync([6, 7], version: 1);
        var noBody = Properties(8);
        noBody.Remove("body");
        Assert.Equal(200, (await _server.PutAsync($"/v1/objects/{Class}/{Id(8)}", new JsonObject { ["class"] = Class, ["id"] = Id(8), ["properties"] = noBody.DeepClone() })).Status);
        _stored[Id(8)] = noBody;

        await CheckAsync("after deletes and replaces");
        ReferenceBm25.AssertRanked(ReferenceBm25.Rank(_stored, "light", Fields, K1, B), await GraphQLAsync("light", 3), 3, "patched title");
    }

    [Fact]
    public async Task An_object_acknowledged_by_a_batch_is_found_by_the_next_query()
    {
        for (var round = 0; round < 4; round++)
        {
            await ImportAsync(Enumerable.Range(round * 25, 25));
            await CheckAsync($"round {round}");
        }
    }

    [Fact]
    public async Task A_filter_that_admits_few_of_the_matches_still_gets_the_best_of_them()
    {
        await ImportAsync(Enumerable.Range(0, 120));
        // Most objects hold "fox" somewhere; only n >= 110 pass, so the best matches must be looked past.
        const string where = """{path:["n"],operator:GreaterThanEqual,valueInt:110}""";
        var expected = ReferenceBm25.Rank(_stored, "fox", Fields, K1, B, admit: o => (int)o["n"]! >= 110);
        ReferenceBm25.AssertRanked(expected, await GraphQLAsync("fox", 4, where), 4, "filtered, limit 4");
        ReferenceBm25.AssertRanked(expected, await GraphQLAsync("fox", 50, where), 50, "filtered, limit 50");

        // The same with a condition on the id, which the index does not hold: checked on each candidate instead.
        var notOne = $$"""{operator:And,operands:[{{where}},{path:["id"],operator:NotEqual,valueText:"{{Id(115)}}"}]}""";
        var expectedNotOne = ReferenceBm25.Rank(_stored, "fox", Fields, K1, B, admit: o => (int)o["n"]! >= 110 && (int)o["n"]! != 115);
        ReferenceBm25.AssertRanked(expectedNotOne, await GraphQLAsync("fox", 4, notOne), 4, "filtered by id, limit 4");
        ReferenceBm25.AssertRanked(expectedNotOne, await GraphQLAsync("fox", 50, notOne), 50, "filtered by id, limit 50");
    }

    [Fact]
    public async Task A_filter_on_named_values_gets_the_best_of_its_matches_whether_most_or_few_objects_pass()
    {
        await ImportAsync(Enumerable.Range(0, 2_100));
        Assert.Equal(204, (await _server.DeleteAsync($"/v1/objects/{Class}/{Id(7)}")).Status);
        _stored.Remove(Id(7));

        // A third of the objects pass: the best candidates are looked up in the filter's rows.
        const string blue = """{path:["tag"],operator:Equal,valueText:"blue"}""";
        var expectedBlue = ReferenceBm25.Rank(_stored, "fox", Fields, K1, B, admit: o => (string)o["tag"]! == "blue");
        ReferenceBm25.AssertRanked(expectedBlue, await GraphQLAsync("fox", 10, blue), 10, "tag blue, limit 10");
        ReferenceBm25.AssertRanked(expectedBlue, await GraphQLAsync("fox", 100, blue), 100, "tag blue, limit 100");

        // A handful pass (one of them deleted): the slices grow past the lookups until the whole lists are read.
        const string few = """
            {operator:Or,operands:[{operator:And,operands:[{path:["tag"],operator:Equal,valueText:"fox"},{path:["n"],operator:Equal,valueInt:33}]},
             {path:["n"],operator:Equal,valueInt:7},{path:["n"],operator:Equal,valueInt:1500},{path:["n"],operator:Equal,valueInt:2050}]}
            """;
        var expectedFew = ReferenceBm25.Rank(_stored, "fox", Fields, K1, B,
            admit: o => ((string)o["tag"]! == "fox" && (int)o["n"]! == 33) || (int)o["n"]! is 7 or 1500 or 2050);
        Assert.True(expectedFew.Count >= 2, "objects 1500 and 2050 hold fox in their body");
        ReferenceBm25.AssertRanked(expectedFew, await GraphQLAsync("fox", 3, few), 3, "a few by n, limit 3");
    }

    [Fact]
    public async Task Scores_stay_exact_past_a_written_index_part_and_after_a_restart()
    {
        // More objects than one index part (8,192 seqs): the first part is written to disk, the rest stays in memory.
        await ImportAsync(Enumerable.Range(0, 8_500));
        foreach (var i in new[] { 0, 1, 2, 100, 8_300 })
        {
            Assert.Equal(204, (await _server.DeleteAsync($"/v1/objects/{Class}/{Id(i)}")).Status);
            _stored.Remove(Id(i));
        }
        await ImportAsync([5, 8_400], version: 2);
        await CheckAsync("past a part", limit: 30);

        // The filter's matches on disk (the first part) and in memory (the last objects).
        const string where = """{operator:Or,operands:[{path:["n"],operator:LessThan,valueInt:150},{path:["n"],operator:GreaterThan,valueInt:8450}]}""";
        var filtered = ReferenceBm25.Rank(_stored, "fox", Fields, K1, B, admit: o => (int)o["n"]! is < 150 or > 8_450);
        ReferenceBm25.AssertRanked(filtered, await GraphQLAsync("fox", 40, where), 40, "filtered past a part");

        _server = await _server.RestartAsync();
        await CheckAsync("after a restart", limit: 30);
        ReferenceBm25.AssertRanked(filtered, await GraphQLAsync("fox", 40, where), 40, "filtered after a restart");
        await ImportAsync(Enumerable.Range(8_500, 20));
        await CheckAsync("written after the restart", limit: 30);
    }

    [Fact]
    public async Task Each_tenant_is_scored_over_its_own_objects()
    {
        const string cls = "KwTenants";
        await _server.CreateClassAsync($$"""
            {"class":"{{cls}}","multiTenancyConfig":{"enabled":true},
             "properties":[{"name":"title","dataType":["text"]},{"name":"body","dataType":["text"]},{"name":"tag","dataType":["text"],"tokenization":"field"}]}
            """);
        Assert.Equal(200, (await _server.PostAsync($"/v1/schema/{cls}/tenants", J("""[{"name":"alpha"},{"name":"beta"}]"""))).Status);
        var byTenant = new Dictionary<string, Dictionary<string, JsonObject>> { ["alpha"] = [], ["beta"] = [] };
        var objects = new List<JsonNode>();
        for (var i = 0; i < 60; i++)
        {
            var tenant = i % 3 == 0 ? "beta" : "alpha";
            var p = Properties(i, version: 7);
            p.Remove("n");
            var o = Obj(cls, Id(i), p.ToJsonString());
            o["tenant"] = tenant;
            objects.Add(o);
            byTenant[tenant][Id(i)] = p;
        }
        Assert.Equal(200, (await _server.ImportAsync([.. objects])).Status);
        Assert.Equal(204, (await _server.DeleteAsync($"/v1/objects/{cls}/{Id(1)}?tenant=alpha")).Status);
        byTenant["alpha"].Remove(Id(1));

        foreach (var tenant in new[] { "alpha", "beta" })
            foreach (var query in new[] { "fox", "river stone" })
                ReferenceBm25.AssertRanked(ReferenceBm25.Rank(byTenant[tenant], query, Fields), await GraphQLAsync(query, 100, cls: cls, tenant: tenant), 100,
                    $"tenant {tenant}, '{query}'");
    }

    [Fact]
    public async Task A_class_deleted_and_created_again_starts_from_an_empty_index()
    {
        await ImportAsync(Enumerable.Range(0, 50));
        Assert.Equal(200, (await _server.DeleteAsync($"/v1/schema/{Class}")).Status);
        _stored.Clear();
        await InitializeClassAsync();
        await ImportAsync(Enumerable.Range(100, 12), version: 3);
        await CheckAsync("recreated");
    }
}
