using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.Weaviate;

/// <summary>DELETE /v1/batch/objects: response shape, output, dry run, ref paths, timestamps (spec §3, §10.18–§10.26).</summary>
public sealed class BatchDeleteTests : IAsyncLifetime
{
    private const string TitleAlpha = """{"operator":"Equal","path":["title"],"valueText":"Alpha"}""";
    private TestServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await _server.ImportAsync(
            Obj("Article", Id(1), """{"title":"Alpha","kind":"news"}"""),
            Obj("Article", Id(2), """{"title":"Beta","kind":"news"}"""),
            Obj("Article", Id(3), """{"title":"Gamma","kind":"blog"}"""));
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Verbose_dry_run_with_one_match_has_weaviates_exact_shape_and_deletes_nothing()
    {
        var reply = await _server.DeleteAsync("/v1/batch/objects", J($$$"""{"match":{"class":"Article","where":{{{TitleAlpha}}}},"output":"verbose","dryRun":true,"deletionTimeUnixMilli":1716200000000}"""));
        Assert.Equal(200, reply.Status);
        var expected = J($$$"""
            {"match":{"class":"Article","where":{"operands":null,"operator":"Equal","path":["title"],"valueText":"Alpha"}},
             "output":"verbose","dryRun":true,"deletionTimeUnixMilli":1716200000000,
             "results":{"matches":1,"limit":10000,"successful":0,"failed":0,
                        "objects":[{"id":"{{{Id(1)}}}","status":"DRYRUN"}],"remaining":1}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, reply.Json), reply.Body);
        Assert.Equal(3, await _server.CountAsync("Article"));
    }

    [Fact]
    public async Task Minimal_dry_run_lists_no_objects_and_says_null()
    {
        var reply = await _server.DeleteWhereAsync("Article", """{"operator":"Equal","path":["kind"],"valueText":"news"}""", "minimal", dryRun: true);
        var results = reply.Json["results"]!.AsObject();
        Assert.Equal(2, (int)results["matches"]!);
        Assert.True(results.ContainsKey("objects"));
        Assert.Null(results["objects"]);
        Assert.Equal(3, await _server.CountAsync("Article"));
    }

    [Fact]
    public async Task No_match_with_defaults_answers_minimal_not_dry_run_and_null_objects()
    {
        var reply = await _server.DeleteWhereAsync("Article", """{"operator":"Equal","path":["title"],"valueText":"Nothing"}""");
        Assert.False((bool)reply.Json["dryRun"]!);
        Assert.Equal("minimal", (string)reply.Json["output"]!);
        Assert.Equal(0, (int)reply.Json["results"]!["matches"]!);
        Assert.Equal(0, (int)reply.Json["results"]!["successful"]!);
        Assert.Null(reply.Json["results"]!["objects"]);
        Assert.Equal(0, (int)reply.Json["results"]!["remaining"]!);
        Assert.NotNull(reply.Json["deletionTimeUnixMilli"]);
    }

    [Fact]
    public async Task A_real_verbose_delete_lists_successes_and_removes_the_objects()
    {
        var reply = await _server.DeleteWhereAsync("Article", """{"operator":"Equal","path":["kind"],"valueText":"news"}""", "verbose");
        var results = reply.Json["results"]!;
        Assert.Equal(2, (int)results["matches"]!);
        Assert.Equal(2, (int)results["successful"]!);
        Assert.Equal(0, (int)results["failed"]!);
        Assert.Equal(0, (int)results["remaining"]!);
        Assert.Equal([Id(1), Id(2)], results["objects"]!.AsArray().Select(o => (string)o!["id"]!));
        Assert.All(results["objects"]!.AsArray(), o => Assert.Equal("SUCCESS", (string)o!["status"]!));
        Assert.Null(await _server.GetObjectAsync("Article", Id(1)));
        Assert.NotNull(await _server.GetObjectAsync("Article", Id(3)));
        var again = await _server.DeleteWhereAsync("Article", """{"operator":"Equal","path":["kind"],"valueText":"news"}""");
        Assert.Equal(0, (int)again.Json["results"]!["matches"]!);
    }

    [Fact]
    public async Task A_compound_filter_echo_carries_path_null_and_leaf_operands_null()
    {
        var reply = await _server.DeleteWhereAsync("Article",
            """{"operator":"Or","operands":[{"operator":"Equal","path":["title"],"valueText":"Alpha"},{"operator":"Equal","path":["title"],"valueText":"Gamma"}]}""", dryRun: true);
        var where = reply.Json["match"]!["where"]!.AsObject();
        Assert.True(where.ContainsKey("path") && where["path"] is null);
        Assert.Equal("Or", (string)where["operator"]!);
        Assert.All(where["operands"]!.AsArray(), o => Assert.True(o!.AsObject().ContainsKey("operands") && o["operands"] is null));
        Assert.Equal(2, (int)reply.Json["results"]!["matches"]!);
    }

    [Fact]
    public async Task Deprecated_valueString_matches_like_valueText()
    {
        var text = await _server.MatchingIdsAsync("Article", """{"operator":"Equal","path":["kind"],"valueText":"news"}""");
        var str = await _server.MatchingIdsAsync("Article", """{"operator":"Equal","path":["kind"],"valueString":"news"}""");
        Assert.Equal([Id(1), Id(2)], text);
        Assert.Equal(text, str);
    }

    [Fact]
    public async Task Like_star_on_id_deletes_every_object_of_the_class()
    {
        await _server.ImportAsync(Obj("Other", Id(9), """{"title":"Alpha"}"""));
        var reply = await _server.DeleteWhereAsync("Article", """{"operator":"Like","path":["id"],"valueText":"*"}""");
        Assert.Equal(3, (int)reply.Json["results"]!["successful"]!);
        Assert.Null(reply.Json["results"]!["objects"]);
        Assert.Equal(0, await _server.CountAsync("Article"));
        Assert.Equal(1, await _server.CountAsync("Other"));
    }

    [Fact]
    public async Task A_reference_path_filter_matches_sources_through_their_targets()
    {
        await _server.ImportAsync(
            Obj("Source", Id(10), $$"""{"name":"s1","fromArticle":[{"beacon":"weaviate://localhost/Article/{{Id(1)}}"}]}"""),
            Obj("Source", Id(11), $$"""{"name":"s2","fromArticle":[{"beacon":"weaviate://localhost/Article/{{Id(2)}}"}]}"""),
            Obj("Source", Id(12), $$"""{"name":"s3","fromArticle":[{"beacon":"weaviate://localhost/Article/{{Id(3)}}"}]}"""));
        const string where = """{"operator":"Equal","path":["fromArticle","Article","kind"],"valueText":"news"}""";
        var dry = await _server.DeleteWhereAsync("Source", where, "verbose", dryRun: true);
        Assert.Equal(2, (int)dry.Json["results"]!["matches"]!);
        Assert.Equal(0, (int)dry.Json["results"]!["successful"]!);
        Assert.Equal(3, await _server.CountAsync("Source"));
        var stringDry = await _server.MatchingIdsAsync("Source", where.Replace("valueText", "valueString"));
        Assert.Equal([Id(10), Id(11)], stringDry);

        var real = await _server.DeleteWhereAsync("Source", where);
        Assert.Equal(2, (int)real.Json["results"]!["successful"]!);
        Assert.Equal(1, await _server.CountAsync("Source"));
        Assert.NotNull(await _server.GetObjectAsync("Source", Id(12)));
    }

    [Fact]
    public async Task Creation_time_less_than_now_plus_a_minute_deletes_with_indexed_timestamps()
    {
        await _server.CreateClassAsync("""{"class":"Stamped","invertedIndexConfig":{"indexTimestamps":true},"properties":[{"name":"n","dataType":["text"]}]}""");
        await _server.ImportAsync(Obj("Stamped", Id(1), """{"n":"a"}"""), Obj("Stamped", Id(2), """{"n":"b"}"""));
        var later = DateTimeOffset.UtcNow.AddSeconds(60).ToUnixTimeMilliseconds();
        var reply = await _server.DeleteWhereAsync("Stamped", $$"""{"operator":"LessThan","path":["_creationTimeUnix"],"valueText":"{{later}}"}""", "verbose");
        Assert.Equal(200, reply.Status);
        Assert.Equal(2, (int)reply.Json["results"]!["successful"]!);
        Assert.All(reply.Json["results"]!["objects"]!.AsArray(), o => Assert.Equal("SUCCESS", (string)o!["status"]!));

        await _server.ImportAsync(Obj("Stamped", Id(3), """{"n":"c"}"""));
        var earlier = DateTimeOffset.UtcNow.AddSeconds(-60).ToUnixTimeMilliseconds();
        var none = await _server.DeleteWhereAsync("Stamped", $$"""{"operator":"LessThan","path":["_creationTimeUnix"],"valueText":"{{earlier}}"}""");
        Assert.Equal(0, (int)none.Json["results"]!["matches"]!);
    }

    [Fact]
    public async Task Creation_time_filter_without_indexed_timestamps_is_refused_with_422()
    {
        var later = DateTimeOffset.UtcNow.AddSeconds(60).ToUnixTimeMilliseconds();
        var reply = await _server.DeleteWhereAsync("Article", $$"""{"operator":"LessThan","path":["_creationTimeUnix"],"valueText":"{{later}}"}""");
        // A search-time error in Weaviate (500 there); Barge answers 422: the input is at fault, not the server.
        Assert.Equal(422, reply.Status);
        Assert.StartsWith("batch delete objects: ", reply.ErrorMessage);
        Assert.Contains("Timestamps must be indexed to be filterable! Add `IndexTimestamps: true` to the InvertedIndexConfig in Article", reply.ErrorMessage);
        Assert.Equal(3, await _server.CountAsync("Article"));
    }

    [Fact]
    public async Task A_bad_consistency_level_is_400()
    {
        var reply = await _server.DeleteAsync("/v1/batch/objects?consistency_level=SOME", J($$$"""{"match":{"class":"Article","where":{{{TitleAlpha}}}}}"""));
        Assert.Equal(400, reply.Status);
    }

    [Fact]
    public async Task An_updated_object_moves_to_the_end_of_the_processing_order()
    {
        await using var small = await TestServer.StartAsync(o => o with { QueryMaximumResults = 2, QueryDefaultsLimit = 2 });
        await small.ImportAsync(Obj("Doc", Id(1), """{"k":"x"}"""), Obj("Doc", Id(2), """{"k":"x"}"""), Obj("Doc", Id(3), """{"k":"x"}"""));
        await small.ImportAsync(Obj("Doc", Id(1), """{"k":"x","v":"updated"}"""));
        var reply = await small.DeleteWhereAsync("Doc", """{"operator":"Equal","path":["k"],"valueText":"x"}""", "verbose", dryRun: true);
        Assert.Equal([Id(2), Id(3)], reply.Json["results"]!["objects"]!.AsArray().Select(o => (string)o!["id"]!));
    }
}
