using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.Hat.HatKit;

namespace Barge.Server.Tests.Hat;

/// <summary><c>POST /api/v2.6/data-batch</c>: the seed's batch, atomicity, name rules, journal and v1 readability.</summary>
public sealed class HatDataBatchTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_seed_batch_is_created_and_echoed_with_record_ids_and_its_link()
    {
        var reply = await _server.PostAsync("/api/v2.6/data-batch", SeedBatch);
        Assert.True(reply.Status == 201, reply.ToString());
        var record = reply.Json.AsArray().Single()!;
        Assert.Equal("rumpel/notable", (string)record["endpoint"]!);
        Assert.True(Guid.TryParse((string)record["recordId"]!, out _));
        Assert.Equal(84995, (int)record["data"]!["id"]!);
        Assert.Equal("note", (string)record["data"]!["data"]!["notablesv1"]!["kind"]!);
        var link = record["links"]!.AsArray().Single()!;
        Assert.Equal("rumpel/nudge", (string)link["endpoint"]!);
        Assert.Equal("Share APIs with the world", (string)link["data"]!["nudge"]!);
        Assert.NotEqual((string)record["recordId"]!, (string)link["recordId"]!);
    }

    [Fact]
    public async Task Without_api_keys_the_x_auth_token_of_hat_clients_is_ignored()
    {
        var reply = await _server.HatAsync(HttpMethod.Post, "/api/v2.6/data-batch", SeedBatch, "{{accessToken}}");
        Assert.True(reply.Status == 201, reply.ToString());
    }

    [Fact]
    public async Task Records_are_answered_in_input_order()
    {
        var reply = await _server.PostAsync("/api/v2.6/data-batch",
            """[{"endpoint":"app/b","data":{"n":1}},{"endpoint":"app/a","data":{"n":2}},{"endpoint":"app/b","data":[3]}]""");
        Assert.Equal(201, reply.Status);
        var records = reply.Json.AsArray();
        Assert.Equal(["app/b", "app/a", "app/b"], records.Select(r => (string)r!["endpoint"]!));
        Assert.Equal(3, (int)records[2]!["data"]![0]!);
        Assert.All(records, r => Assert.Empty(r!["links"]!.AsArray()));
    }

    [Fact]
    public async Task One_bad_record_fails_the_batch_and_nothing_is_stored()
    {
        var reply = await _server.PostAsync("/api/v2.6/data-batch",
            """[{"endpoint":"rumpel/ok","data":{"n":1}},{"endpoint":"Rumpel/Bad","data":{"n":2}},{"endpoint":"rumpel/nodata"}]""");
        Assert.Equal(400, reply.Status);
        Assert.Equal("Bad Request", (string)reply.Json["message"]!);
        Assert.StartsWith("Could not insert data", (string)reply.Json["cause"]!);
        Assert.Equal([1, 2], reply.Json["errors"]!.AsArray().Select(e => (int)e!["index"]!));
        var list = await _server.GetAsync("/api/v2.6/data/rumpel/ok");
        Assert.Equal("[]", list.Body);
    }

    [Fact]
    public async Task A_bad_link_fails_the_batch()
    {
        var reply = await _server.PostAsync("/api/v2.6/data-batch",
            """[{"endpoint":"rumpel/notable","data":{"n":1},"links":[{"endpoint":"no-namespace","data":{}}]}]""");
        Assert.Equal(400, reply.Status);
        Assert.Contains(reply.Json["errors"]!.AsArray(), e => e!["link"] is { } link && (int)link == 0);
        Assert.Equal("[]", (await _server.GetAsync("/api/v2.6/data/rumpel/notable")).Body);
    }

    [Theory]
    [InlineData("ns/ep", true)]
    [InlineData("my-ns/sub/path-1", true)]
    [InlineData("NS/ep", false)]
    [InlineData("ns/ep_x", false)]
    [InlineData("ns_x/ep", false)]
    [InlineData("ns", false)]
    [InlineData("ns/", false)]
    public async Task Names_follow_hat_rules(string endpoint, bool valid)
    {
        var reply = await _server.PostAsync("/api/v2.6/data-batch", new JsonArray(new JsonObject { ["endpoint"] = endpoint, ["data"] = new JsonObject { ["v"] = 1 } }));
        Assert.True(reply.Status == (valid ? 201 : 400), reply.ToString());
    }

    [Fact]
    public async Task Endpoints_that_would_collide_get_different_collections()
    {
        var a = Ids(await _server.PostAsync("/api/v2.6/data-batch", """[{"endpoint":"a-b/c","data":{"v":"hyphen"}}]"""));
        var b = Ids(await _server.PostAsync("/api/v2.6/data-batch", """[{"endpoint":"a/b-c","data":{"v":"slash"}}]"""));
        Assert.Equal(a, Ids(await _server.GetAsync("/api/v2.6/data/a-b/c")));
        Assert.Equal(b, Ids(await _server.GetAsync("/api/v2.6/data/a/b-c")));
    }

    [Fact]
    public async Task Malformed_bodies_get_hats_400()
    {
        foreach (var body in new[] { "{}", "[1]", """[{"data":{}}]""", """[{"endpoint":"a/b","data":{},"links":{}}]""", "[{" })
        {
            var reply = await _server.PostAsync("/api/v2.6/data-batch", body);
            Assert.True(reply.Status == 400, body + " → " + reply);
            Assert.Equal("Bad Request", (string)reply.Json["message"]!);
        }
    }

    [Fact]
    public async Task A_record_is_an_object_readable_through_v1()
    {
        var reply = await _server.PostAsync("/api/v2.6/data-batch", SeedBatch);
        var id = (string)reply.Json[0]!["recordId"]!;
        var v1 = await _server.GetAsync($"/v1/objects/Hat_rumpel_notable/{id}");
        Assert.True(v1.Status == 200, v1.ToString());
        Assert.Equal("rumpel/notable", (string)v1.Json["properties"]!["endpoint"]!);
        Assert.Equal(84995, (int)JsonNode.Parse((string)v1.Json["properties"]!["data"]!)!["id"]!);
    }

    [Fact]
    public async Task The_batch_is_journaled()
    {
        var reply = await _server.PostAsync("/api/v2.6/data-batch", SeedBatch);
        var batchId = reply.Headers["X-Batch-Id"];
        var list = await _server.GetAsync("/api/batch/v1");
        var summary = list.Json.AsArray().Single(s => (string)s!["_id"]! == batchId)!;
        Assert.Equal("hat.data-batch", (string)summary["service"]!);
        Assert.Equal("success", (string)summary["status"]!);
        var full = await _server.GetAsync($"/api/batch/v1/{batchId}");
        Assert.Contains((string)reply.Json[0]!["recordId"]!, full.Body);
        Assert.Contains((string)reply.Json[0]!["links"]![0]!["recordId"]!, full.Body);
    }
}
