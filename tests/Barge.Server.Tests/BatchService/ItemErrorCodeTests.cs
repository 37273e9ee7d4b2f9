using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.BatchService.JournalTestKit;

namespace Barge.Server.Tests.BatchService;

/// <summary>
/// A failed item's error carries a code set where it arose, which the journal keeps with the message: the failures
/// read back on the journal API name both, while the batch's own answer keeps Weaviate's text only.
/// </summary>
public sealed class ItemErrorCodeTests : IAsyncLifetime
{
    private const string Target = "00000000-0000-0000-0000-0000000000aa";
    private const string Missing = "00000000-0000-0000-0000-0000000000ff";
    private TestServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync(o => o with { AutoSchemaEnabled = false });
        var schema = await _server.PostAsync("/v1/schema", """
            {"class":"Article","properties":[{"name":"title","dataType":["text"]},{"name":"n","dataType":["int"]},{"name":"cites","dataType":["Article"]}]}
            """);
        Assert.True(schema.Status == 200, schema.ToString());
        Assert.Equal(200, (await _server.PostAsync("/v1/objects", $$$"""{"class":"Article","id":"{{{Target}}}","properties":{"title":"target"}}""")).Status);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Each_failed_item_is_journaled_with_the_code_of_its_failure()
    {
        var batch = new JsonObject
        {
            ["objects"] = new JsonArray(
                J("""{"class":"Article","properties":{"title":"fine"}}"""),
                J("""{"class":"Nowhere","properties":{"title":"x"}}"""),
                J("""{"class":"Article","properties":{"title":"x","colour":"red"}}"""),
                J("""{"class":"Article","properties":{"title":"x","n":"many"}}"""),
                J($$$"""{"class":"Article","properties":{"title":"x","cites":[{"beacon":"weaviate://localhost/Article/{{{Missing}}}"}]}}"""),
                J($$$"""{"class":"Article","properties":{"title":"x","cites":[{"beacon":"weaviate://localhost/Article/{{{Target}}}"}]}}""")),
        };
        var reply = await _server.SendWithAsync(HttpMethod.Post, "/v1/batch/objects", batch, H(("X-Batch-Id", "coded")));
        Assert.True(reply.Status == 200, reply.ToString());
        var answers = reply.Json.AsArray();
        // The wire answer is Weaviate's: a message, no code.
        Assert.Equal("class 'Nowhere' not present in schema", (string)answers[1]!["result"]!["errors"]!["error"]![0]!["message"]!);
        Assert.Null(answers[1]!["result"]!["errors"]!["error"]![0]!["code"]);

        var failures = await _server.GetAsync("/api/batch/v1/coded/failures");
        Assert.True(failures.Status == 200, failures.ToString());
        var codes = failures.Json.AsArray().ToDictionary(f => (int)f!["index"]!, f => (string?)f!["code"]);
        Assert.Equal(new Dictionary<int, string?>
        {
            [1] = "unknown_class",
            [2] = "unknown_property",
            [3] = "invalid_value",
            [4] = "reference_target_missing",
        }, codes);
        var messages = failures.Json.AsArray().ToDictionary(f => (int)f!["index"]!, f => (string)f!["reason"]!);
        for (var i = 1; i <= 4; i++)
            Assert.Equal((string)answers[i]!["result"]!["errors"]!["error"]![0]!["message"]!, messages[i]);

        var summary = await _server.SummaryAsync("coded");
        Assert.Equal("unknown_class", (string)summary["summary"]!["failures"]!["1"]!["code"]!);
    }

    [Fact]
    public async Task An_item_held_back_by_an_atomic_batch_is_journaled_as_held_back()
    {
        var batch = new JsonObject
        {
            ["objects"] = new JsonArray(J("""{"class":"Article","properties":{"title":"fine"}}"""), J("""{"class":"Article","properties":{"n":"many"}}""")),
        };
        var reply = await _server.SendWithAsync(HttpMethod.Post, "/v1/batch/objects?atomic=true", batch, H(("X-Batch-Id", "held")));
        Assert.True(reply.Status == 200, reply.ToString());
        var codes = (await _server.GetAsync("/api/batch/v1/held/failures")).Json.AsArray().Select(f => (string?)f!["code"]).ToList();
        Assert.Equal(["held_back", "invalid_value"], codes);
    }

    private static JsonNode J(string json) => JsonNode.Parse(json)!;
}
