using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.Weaviate;

/// <summary>POST /v1/batch/references (spec §2, §10.12–§10.13, §10.17).</summary>
public sealed class BatchReferencesTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        // Auto-schema makes Article.writesFor a cross-reference to Publication and Article.title a text property.
        var reply = await _server.ImportAsync(
            Obj("Publication", Id(100), """{"name":"P0"}"""),
            Obj("Publication", Id(101), """{"name":"P1"}"""),
            Obj("Article", Id(1), $$"""{"title":"A1","writesFor":[{"beacon":"weaviate://localhost/Publication/{{Id(100)}}"}]}"""));
        Assert.All(reply.Json.AsArray(), i => Assert.Equal("SUCCESS", Status(i!)));
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private Task<Reply> RefsAsync(string json) => _server.PostAsync("/v1/batch/references", J(json));

    private static string From(int id, string prop = "writesFor", string cls = "Article") => $"weaviate://localhost/{cls}/{Id(id)}/{prop}";

    private async Task<List<string>> BeaconsAsync(int id, string prop = "writesFor")
    {
        var o = (await _server.GetObjectAsync("Article", Id(id)))!;
        return (o["properties"]![prop] as JsonArray ?? []).Select(r => (string)r!["beacon"]!).ToList();
    }

    [Fact]
    public async Task Long_from_and_long_to_succeed_and_echo_canonical_beacons()
    {
        var reply = await RefsAsync($$"""[{"from":"{{From(1)}}","to":"weaviate://localhost/Publication/{{Id(101)}}"}]""");
        Assert.Equal(200, reply.Status);
        var item = reply.Json[0]!;
        Assert.Equal("SUCCESS", Status(item));
        Assert.Equal(From(1), (string)item["from"]!);
        Assert.Equal($"weaviate://localhost/Publication/{Id(101)}", (string)item["to"]!);
        Assert.Equal([$"weaviate://localhost/Publication/{Id(100)}", $"weaviate://localhost/Publication/{Id(101)}"], await BeaconsAsync(1));
    }

    [Fact]
    public async Task A_short_to_gets_its_class_from_the_property()
    {
        var reply = await RefsAsync($$"""[{"from":"{{From(1)}}","to":"weaviate://localhost/{{Id(101)}}"}]""");
        Assert.Equal($"weaviate://localhost/Publication/{Id(101)}", (string)reply.Json[0]!["to"]!);
        Assert.Contains($"weaviate://localhost/Publication/{Id(101)}", await BeaconsAsync(1));
    }

    [Fact]
    public async Task Upper_case_target_ids_are_lower_cased()
    {
        var reply = await RefsAsync($$"""[{"from":"{{From(1)}}","to":"weaviate://localhost/Publication/{{Id(101).ToUpperInvariant()}}"}]""");
        Assert.Equal($"weaviate://localhost/Publication/{Id(101)}", (string)reply.Json[0]!["to"]!);
    }

    [Fact]
    public async Task A_missing_source_object_fails_and_the_row_omits_from_and_to()
    {
        var reply = await RefsAsync($$"""[{"from":"{{From(42)}}","to":"weaviate://localhost/Publication/{{Id(100)}}"}]""");
        var item = reply.Json[0]!.AsObject();
        Assert.Equal("FAILED", Status(item));
        Assert.Equal($"object with id {Id(42)} not found", Error(item));
        Assert.False(item.ContainsKey("from"));
        Assert.False(item.ContainsKey("to"));
    }

    [Fact]
    public async Task A_missing_target_object_is_tolerated()
    {
        var reply = await RefsAsync($$"""[{"from":"{{From(1)}}","to":"weaviate://localhost/Publication/{{Id(999)}}"}]""");
        Assert.Equal("SUCCESS", Status(reply.Json[0]!));
    }

    [Fact]
    public async Task When_neither_object_exists_every_row_fails()
    {
        var reply = await RefsAsync($$"""[ {"from":"{{From(40)}}","to":"weaviate://localhost/Publication/{{Id(41)}}"}, {"from":"{{From(42)}}","to":"weaviate://localhost/{{Id(43)}}"}]""");
        Assert.All(reply.Json.AsArray(), i => Assert.Equal("FAILED", Status(i!)));
    }

    [Fact]
    public async Task An_unknown_target_class_fails()
    {
        var reply = await RefsAsync($$"""[{"from":"{{From(1)}}","to":"weaviate://localhost/Nowhere/{{Id(100)}}"}]""");
        Assert.Equal("target class \"Nowhere\" not found in schema", Error(reply.Json[0]!));
    }

    [Fact]
    public async Task An_unknown_source_class_fails_with_the_message_for_the_to_form()
    {
        var reply = await RefsAsync($$"""[ {"from":"{{From(1, cls: "Ghost")}}","to":"weaviate://localhost/Publication/{{Id(100)}}"}, {"from":"{{From(1, cls: "Ghost")}}","to":"weaviate://localhost/{{Id(100)}}"}]""");
        Assert.Equal("source class \"Ghost\" not found in schema", Error(reply.Json[0]!));
        Assert.Equal("class Ghost does not exist or there was an error getting it err=<nil>", Error(reply.Json[1]!));
    }

    [Fact]
    public async Task A_non_reference_or_unknown_property_fails()
    {
        var reply = await RefsAsync($$"""[ {"from":"{{From(1, "title")}}","to":"weaviate://localhost/Publication/{{Id(100)}}"}, {"from":"{{From(1, "missing")}}","to":"weaviate://localhost/Publication/{{Id(100)}}"}]""");
        Assert.Equal(["FAILED", "FAILED"], reply.Json.AsArray().Select(i => Status(i!)));
        Assert.Contains("'title'", Error(reply.Json[0]!));
        Assert.Contains("not a cross-reference", Error(reply.Json[0]!));
        Assert.Equal("property missing does not exist for class Article", Error(reply.Json[1]!));
        Assert.Equal(["A1"], [(string)(await _server.GetObjectAsync("Article", Id(1)))!["properties"]!["title"]!]);
    }

    [Theory]
    [InlineData("weaviate://localhost/Article/{1}", "invalid cref URI: must use long-form: path must be of format '/<className>/<uuid>/<propertyName>', but got '/Article/{1}'")]
    [InlineData("weaviate://localhost/Article/not-a-uuid/writesFor", "invalid cref URI: 2nd path segment must be uuid, but got 'not-a-uuid'")]
    [InlineData("weaviate://localhost/article/{1}/writesFor", "className must start with an uppercase letter, but got article")]
    [InlineData("weaviate://localhost/Article/{1}/", "property cannot be empty")]
    [InlineData("weaviate://remote/Article/{1}/writesFor", "source class must always point to the local peer, but got remote")]
    public async Task Each_from_uri_error_has_weaviates_message(string from, string message)
    {
        var reply = await RefsAsync($$"""[{"from":"{{from.Replace("{1}", Id(1))}}","to":"weaviate://localhost/Publication/{{Id(100)}}"}]""");
        Assert.Equal(message.Replace("{1}", Id(1)), Error(reply.Json[0]!));
    }

    [Theory]
    [InlineData("weaviate://localhost/Publication/{1}/extra", "invalid cref URI: path must be of format '<class>/<uuid>', but got '/Publication/{1}/extra'")]
    [InlineData("weaviate://localhost/Publication/xyz", "invalid cref URI: 2nd path segment must be uuid, but got 'xyz'")]
    [InlineData("weaviate://localhost/xyz", "invalid cref URI: 1nd path segment must be uuid, but got 'xyz'")]
    [InlineData("weaviate://peer/Publication/{1}", "importing network references in batch is not possible. Please perform a regular non-batch import for network references, got peer peer")]
    public async Task Each_to_uri_error_has_weaviates_message(string to, string message)
    {
        var reply = await RefsAsync($$"""[{"from":"{{From(1)}}","to":"{{to.Replace("{1}", Id(100))}}"}]""");
        Assert.Equal(message.Replace("{1}", Id(100)), Error(reply.Json[0]!));
    }

    [Fact]
    public async Task An_empty_array_is_422()
    {
        var reply = await _server.PostAsync("/v1/batch/references", "[]");
        Assert.Equal(422, reply.Status);
        Assert.Equal("invalid params: length cannot be 0, need at least one reference for batching", reply.ErrorMessage);
    }

    [Fact]
    public async Task A_bad_consistency_level_is_400()
    {
        var reply = await _server.PostAsync("/v1/batch/references?consistency_level=TWO", $$"""[{"from":"{{From(1)}}","to":"weaviate://localhost/{{Id(100)}}"}]""");
        Assert.Equal(400, reply.Status);
    }

    [Fact]
    public async Task References_are_appended_in_order_and_a_repeated_reference_is_stored_twice()
    {
        var reply = await RefsAsync($$"""[ {"from":"{{From(1)}}","to":"weaviate://localhost/Publication/{{Id(101)}}"}, {"from":"{{From(1)}}","to":"weaviate://localhost/Publication/{{Id(102)}}"}, {"from":"{{From(1)}}","to":"weaviate://localhost/Publication/{{Id(101)}}"}]""");
        Assert.All(reply.Json.AsArray(), i => Assert.Equal("SUCCESS", Status(i!)));
        Assert.Equal(new[] { 100, 101, 102, 101 }.Select(n => $"weaviate://localhost/Publication/{Id(n)}"), await BeaconsAsync(1));
    }

    [Fact]
    public async Task Ten_sources_times_three_targets_all_succeed_and_read_back()
    {
        var sources = Enumerable.Range(10, 10).Select(n => Obj("Article", Id(n), $$"""{"title":"S{{n}}"}""")).ToArray<JsonNode>();
        var targets = Enumerable.Range(200, 3).Select(n => Obj("Publication", Id(n), $$"""{"name":"T{{n}}"}""")).ToArray<JsonNode>();
        await _server.ImportAsync([.. sources, .. targets]);
        var refs = new JsonArray();
        foreach (var s in Enumerable.Range(10, 10))
            foreach (var t in Enumerable.Range(200, 3))
                refs.Add(new JsonObject { ["from"] = From(s), ["to"] = $"weaviate://localhost/{Id(t)}" });
        var reply = await _server.PostAsync("/v1/batch/references", refs);
        Assert.Equal(30, reply.Json.AsArray().Count);
        Assert.All(reply.Json.AsArray(), i => Assert.Equal("SUCCESS", Status(i!)));
        foreach (var s in Enumerable.Range(10, 10))
        {
            var o = (await _server.GetObjectAsync("Article", Id(s)))!;
            var list = o["properties"]!["writesFor"]!.AsArray();
            Assert.Equal(Enumerable.Range(200, 3).Select(t => $"weaviate://localhost/Publication/{Id(t)}"), list.Select(r => (string)r!["beacon"]!));
            Assert.Equal($"/v1/objects/Publication/{Id(200)}", (string)list[0]!["href"]!);
        }
    }

    [Fact]
    public async Task Rows_keep_input_order_with_failures_in_between()
    {
        var reply = await RefsAsync($$"""[ {"from":"{{From(1)}}","to":"weaviate://localhost/Publication/{{Id(101)}}"}, {"from":"bogus","to":"weaviate://localhost/Publication/{{Id(101)}}"}, {"from":"{{From(1)}}","to":"weaviate://localhost/Publication/{{Id(100)}}"}]""");
        Assert.Equal(["SUCCESS", "FAILED", "SUCCESS"], reply.Json.AsArray().Select(i => Status(i!)));
        Assert.Equal($"weaviate://localhost/Publication/{Id(100)}", (string)reply.Json[2]!["to"]!);
    }
}
