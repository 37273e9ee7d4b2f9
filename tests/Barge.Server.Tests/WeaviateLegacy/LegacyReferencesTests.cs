using System.Text.Json.Nodes;
using Barge.Server.Tests.BatchService;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.WeaviateLegacy.LegacyKit;

namespace Barge.Server.Tests.WeaviateLegacy;

/// <summary><c>POST /v1/batching/references</c> (spec §9, seeds/000 references example).</summary>
public sealed class LegacyReferencesTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await _server.CreateDocumentationSchemaAsync();
        var authors = await _server.PostAsync("/v1/batching/things", AuthorsBatch());
        Assert.Equal("2", authors.Headers["X-Batch-Succeeded"]);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static string From(string id) => $"weaviate://localhost/things/Author/{id}/wroteArticles";

    [Fact]
    public async Task The_documentation_example_answers_as_documented()
    {
        var rows = new[] { (Jane, Article1), (Jane, Article2), (John, Article2) };
        var body = new JsonArray(rows.Select(r => (JsonNode)new JsonObject { ["from"] = From(r.Item1), ["to"] = $"weaviate://localhost/things/{r.Item2}" }).ToArray());
        var reply = await _server.PostAsync("/v1/batching/references", body);
        Assert.Equal(200, reply.Status);
        var expected = new JsonArray(rows.Select(r => (JsonNode)new JsonObject
        {
            ["from"] = From(r.Item1), ["to"] = $"weaviate://localhost/things/{r.Item2}", ["result"] = new JsonObject { ["status"] = "SUCCESS" },
        }).ToArray());
        Assert.True(JsonNode.DeepEquals(expected, reply.Json), reply.Body);
        Assert.Equal("3", reply.Headers["X-Batch-Succeeded"]);

        // Stored as v1 beacons (class from the property), read back in 0.x form through the things route.
        var v1 = await _server.GetAsync($"/v1/objects/Author/{Jane}");
        Assert.Equal([$"weaviate://localhost/Article/{Article1}", $"weaviate://localhost/Article/{Article2}"],
            v1.Json["properties"]!["wroteArticles"]!.AsArray().Select(r => (string)r!["beacon"]!));
        var legacy = await _server.GetAsync($"/v1/things/{Jane}");
        Assert.Equal([$"weaviate://localhost/things/{Article1}", $"weaviate://localhost/things/{Article2}"],
            legacy.Json["schema"]!["wroteArticles"]!.AsArray().Select(r => (string)r!["beacon"]!));
    }

    [Theory]
    [InlineData("weaviate://localhost/persons/Author/36ddd591-2dee-4e7e-a3cc-eb86d30a4303/wroteArticles", "weaviate://localhost/things/6bb06a43-e7f0-393e-9ecf-3c0f4e129064",
        "invalid cref URI: invalid kind, expected 'things' or 'actions', but got 'persons'")]
    [InlineData("weaviate://localhost/Author/36ddd591-2dee-4e7e-a3cc-eb86d30a4303/wroteArticles", "weaviate://localhost/things/6bb06a43-e7f0-393e-9ecf-3c0f4e129064",
        "invalid cref URI: must use long-form: path must be of format '/{things,actions}/<className>/<uuid>/<propertyName>', but got '/Author/36ddd591-2dee-4e7e-a3cc-eb86d30a4303/wroteArticles'")]
    [InlineData("weaviate://localhost/things/Author/36ddd591-2dee-4e7e-a3cc-eb86d30a4303/wroteArticles", "weaviate://localhost/x/6bb06a43-e7f0-393e-9ecf-3c0f4e129064",
        "invalid cref URI: invalid kind, expected 'things' or 'actions', but got 'x'")]
    [InlineData("weaviate://localhost/things/Author/36ddd591-2dee-4e7e-a3cc-eb86d30a4303/wroteArticles", "weaviate://localhost/6bb06a43-e7f0-393e-9ecf-3c0f4e129064",
        "invalid cref URI: path must be of format '/{things,actions}/<uuid>', but got '/6bb06a43-e7f0-393e-9ecf-3c0f4e129064'")]
    [InlineData("weaviate://localhost/things/Author/nope/wroteArticles", "weaviate://localhost/things/6bb06a43-e7f0-393e-9ecf-3c0f4e129064",
        "invalid cref URI: 2nd path segment must be uuid, but got 'nope'")]
    [InlineData("weaviate://localhost/things/author/36ddd591-2dee-4e7e-a3cc-eb86d30a4303/wroteArticles", "weaviate://localhost/things/6bb06a43-e7f0-393e-9ecf-3c0f4e129064",
        "className must start with an uppercase letter, but got author")]
    public async Task Bad_uris_fail_their_row_with_the_0x_message_and_omit_from_and_to(string from, string to, string message)
    {
        var reply = await _server.PostAsync("/v1/batching/references", new JsonArray(
            new JsonObject { ["from"] = From(Jane), ["to"] = $"weaviate://localhost/things/{Article1}" },
            new JsonObject { ["from"] = from, ["to"] = to }));
        Assert.Equal("SUCCESS", (string)reply.Json[0]!["result"]!["status"]!);
        var failed = reply.Json[1]!.AsObject();
        Assert.Equal("FAILED", (string)failed["result"]!["status"]!);
        Assert.Equal(message, Message(failed));
        Assert.False(failed.ContainsKey("from"));
        Assert.False(failed.ContainsKey("to"));
        Assert.Equal("1", reply.Headers["X-Batch-Failed"]);
    }

    [Fact]
    public async Task A_row_refused_for_its_0x_uri_is_counted_in_the_journal_like_any_failed_reference()
    {
        var reply = await _server.PostAsync("/v1/batching/references", new JsonArray(
            new JsonObject { ["from"] = From(Jane), ["to"] = $"weaviate://localhost/things/{Article1}" },
            new JsonObject { ["from"] = "weaviate://localhost/persons/Author/" + Jane + "/wroteArticles", ["to"] = $"weaviate://localhost/things/{Article1}" }));
        var summary = await _server.SummaryAsync(reply.Headers["X-Batch-Id"]);
        Assert.Equal(2, (int)summary["counts"]!["total"]!);
        Assert.Equal(1, (int)summary["counts"]!["succeeded"]!);
        Assert.Equal(1, (int)summary["counts"]!["failed"]!);
        Assert.Equal("partial", (string)summary["status"]!);
    }

    [Fact]
    public async Task An_atomic_batch_with_a_refused_uri_adds_no_reference()
    {
        var reply = await _server.PostAsync("/v1/batching/references?atomic=true", new JsonArray(
            new JsonObject { ["from"] = From(Jane), ["to"] = $"weaviate://localhost/things/{Article1}" },
            new JsonObject { ["from"] = From(Jane), ["to"] = "weaviate://localhost/x/" + Article1 }));
        Assert.Equal(200, reply.Status);
        Assert.Equal("not written: the batch is atomic and items [1] failed", Message(reply.Json[0]!));
        Assert.Equal("invalid cref URI: invalid kind, expected 'things' or 'actions', but got 'x'", Message(reply.Json[1]!));
        Assert.Equal("2", reply.Headers["X-Batch-Failed"]);
        var author = await _server.GetAsync($"/v1/objects/Author/{Jane}");
        Assert.Null(author.Json["properties"]!["wroteArticles"]);
    }

    [Fact]
    public async Task A_missing_source_fails_with_v1s_message()
    {
        var reply = await _server.PostAsync("/v1/batching/references", J($$$"""[{"from":"{{{From(Publication)}}}","to":"weaviate://localhost/things/{{{Article1}}}"}]"""));
        Assert.Equal($"object with id {Publication} not found", Message(reply.Json[0]!));
    }

    [Fact]
    public async Task An_empty_list_is_refused()
    {
        var reply = await _server.PostAsync("/v1/batching/references", "[]");
        Assert.Equal(422, reply.Status);
        Assert.Equal("invalid params: length cannot be 0, need at least one reference for batching", reply.ErrorMessage);
    }

    [Fact]
    public async Task Targets_of_actions_classes_answer_with_the_actions_kind()
    {
        await _server.CreateKindClassAsync("actions", """{"class":"Reads"}""");
        Assert.Equal(200, (await _server.PostAsync("/v1/schema/things/Author/properties", """{"name":"did","dataType":["Reads"]}""")).Status);
        var target = "11111111-2222-4333-8444-555555555555";
        var reply = await _server.PostAsync("/v1/batching/references", J($$$"""
            [{"from":"weaviate://localhost/things/Author/{{{Jane}}}/did","to":"weaviate://localhost/actions/{{{target}}}"}]
            """));
        Assert.Equal($"weaviate://localhost/actions/{target}", (string)reply.Json[0]!["to"]!);
    }
}
