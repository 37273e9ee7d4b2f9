using System.Text.Json.Nodes;
using Barge.Server.Tests.BatchService;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.BatchService.JournalTestKit;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.Weaviate;

/// <summary>Idempotency keys, dry runs and atomic batches on the Weaviate batch routes.</summary>
public sealed class JournalWriteModesTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await _server.CreateClassAsync("""{"class":"Doc","properties":[{"name":"k","dataType":["text"]},{"name":"n","dataType":["int"]}]}""");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static JsonNode Batch(params JsonNode[] objects) => new JsonObject { ["objects"] = new JsonArray(objects.Select(o => o.DeepClone()).ToArray()) };

    [Fact]
    public async Task A_replay_with_the_same_key_returns_the_first_answer_and_writes_nothing()
    {
        // Server-assigned ids: a second execution would create new objects, so the count shows any double write.
        var body = Batch(Obj("Doc", null, """{"k":"a"}"""), Obj("Doc", null, """{"k":"b"}"""), Obj("Doc", null, """{"n":"bad"}"""));
        var first = await _server.SendWithAsync(HttpMethod.Post, "/v1/batch/objects", body, H(("Idempotency-Key", "k-1")));
        Assert.Equal(200, first.Status);
        Assert.False(first.Headers.ContainsKey("Idempotency-Replayed"));
        var replay = await _server.SendWithAsync(HttpMethod.Post, "/v1/batch/objects", body, H(("Idempotency-Key", "k-1")));
        Assert.Equal(200, replay.Status);
        Assert.Equal("true", replay.Headers["Idempotency-Replayed"]);
        Assert.Equal(first.Body, replay.Body); // same per-item results and ids
        Assert.Equal(first.Headers["X-Batch-Id"], replay.Headers["X-Batch-Id"]);
        Assert.Equal("1", replay.Headers["X-Batch-Failed"]);
        Assert.Equal(2, await _server.CountAsync("Doc"));

        var list = await _server.GetAsync("/api/batch/v1");
        Assert.Equal("1", list.Headers["x-total-count"]);
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_refused_with_422()
    {
        await _server.SendWithAsync(HttpMethod.Post, "/v1/batch/objects", Batch(Obj("Doc", Id(1), """{"k":"a"}""")), H(("Idempotency-Key", "k-2")));
        var other = await _server.SendWithAsync(HttpMethod.Post, "/v1/batch/objects", Batch(Obj("Doc", Id(2), """{"k":"b"}""")), H(("Idempotency-Key", "k-2")));
        Assert.Equal(422, other.Status);
        Assert.Contains("k-2", other.ErrorMessage, StringComparison.Ordinal);
        Assert.Null(await _server.GetObjectAsync("Doc", Id(2)));
    }

    [Fact]
    public async Task Keys_work_on_references_and_delete_too()
    {
        await _server.ImportAsync(Obj("Doc", Id(5), """{"k":"gone"}"""));
        var where = J("""{"match":{"class":"Doc","where":{"path":["k"],"operator":"Equal","valueText":"gone"}},"output":"verbose"}""");
        var first = await _server.SendWithAsync(HttpMethod.Delete, "/v1/batch/objects", where, H(("Idempotency-Key", "del-1")));
        await _server.ImportAsync(Obj("Doc", Id(5), """{"k":"gone"}""")); // back again: a replay must not delete it
        var replay = await _server.SendWithAsync(HttpMethod.Delete, "/v1/batch/objects", where, H(("Idempotency-Key", "del-1")));
        Assert.Equal(first.Body, replay.Body);
        Assert.Equal("true", replay.Headers["Idempotency-Replayed"]);
        Assert.NotNull(await _server.GetObjectAsync("Doc", Id(5)));
    }

    [Fact]
    public async Task Dry_run_answers_per_item_writes_nothing_and_is_journaled_as_a_dry_run()
    {
        var reply = await _server.SendWithAsync(HttpMethod.Post, "/v1/batch/objects?dryRun=true",
            Batch(Obj("Doc", Id(11), """{"k":"a"}"""), Obj("Doc", Id(12), """{"n":"bad"}"""), Obj("NewClass", Id(13), """{"x":1}""")));
        Assert.Equal(200, reply.Status);
        var items = reply.Json.AsArray();
        Assert.Equal(["SUCCESS", "FAILED", "SUCCESS"], items.Select(i => Status(i!)).ToList());
        Assert.Equal(Id(11), (string)items[0]!["id"]!);
        Assert.Equal(0, await _server.CountAsync("Doc"));
        Assert.Equal(404, (await _server.GetAsync("/v1/schema/NewClass")).Status); // auto-schema untouched too

        var s = await _server.SummaryAsync(reply.Headers["X-Batch-Id"]);
        Assert.True((bool)s["dryRun"]!);
        Assert.Equal("partial", (string)s["status"]!);
        Assert.StartsWith("dry run", (string)s["message"]!, StringComparison.Ordinal);
        Assert.Empty(Ids(s, "Doc"));
    }

    [Fact]
    public async Task Atomic_batch_with_a_bad_item_writes_nothing_and_names_the_guilty_items()
    {
        var reply = await _server.SendWithAsync(HttpMethod.Post, "/v1/batch/objects?atomic=true",
            Batch(Obj("Doc", Id(21), """{"k":"a"}"""), Obj("Doc", Id(22), """{"k":"b"}"""), Obj("Doc", Id(23), """{"n":"bad"}"""), Obj("Doc", Id(24), """{"n":1.5}""")));
        Assert.Equal(200, reply.Status);
        var items = reply.Json.AsArray();
        Assert.All(items, i => Assert.Equal("FAILED", Status(i!)));
        Assert.Equal("not written: the batch is atomic and items [2, 3] failed", Error(items[0]!));
        Assert.DoesNotContain("atomic", Error(items[2]!), StringComparison.Ordinal);
        Assert.Equal(0, await _server.CountAsync("Doc"));
        var s = await _server.SummaryAsync(reply.Headers["X-Batch-Id"]);
        Assert.Equal("failed", (string)s["status"]!);
        Assert.True((bool)s["atomic"]!);
        Assert.Contains("[2, 3]", (string)s["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Atomic_batch_rolls_back_when_the_store_refuses_an_item()
    {
        // The vector length is checked in the store (first vector binds the class), after validation passed.
        await _server.ImportAsync(J($$"""{"class":"Doc","id":"{{Id(30)}}","properties":{"k":"v"},"vector":[1,2,3]}"""));
        var reply = await _server.SendWithAsync(HttpMethod.Post, "/v1/batch/objects?atomic=true", J($$"""
            {"objects":[{"class":"Doc","id":"{{Id(31)}}","properties":{"k":"a"},"vector":[1,2,3]},{"class":"Doc","id":"{{Id(32)}}","properties":{"k":"b"},"vector":[1,2]}]}
            """));
        var items = reply.Json.AsArray();
        Assert.Equal("not written: the batch is atomic and items [1] failed", Error(items[0]!));
        Assert.Contains("vector", Error(items[1]!), StringComparison.Ordinal);
        Assert.Null(await _server.GetObjectAsync("Doc", Id(31)));
        Assert.Equal(1, await _server.CountAsync("Doc"));

        var ok = await _server.SendWithAsync(HttpMethod.Post, "/v1/batch/objects?atomic=true", Batch(Obj("Doc", Id(33), """{"k":"c"}""")));
        Assert.Equal("SUCCESS", Status(ok.Json[0]!));
        Assert.Equal(2, await _server.CountAsync("Doc"));
    }

    [Fact]
    public async Task A_bad_flag_value_is_refused()
    {
        var reply = await _server.SendWithAsync(HttpMethod.Post, "/v1/batch/objects?dryRun=maybe", Batch(Obj("Doc", Id(40))));
        Assert.Equal(422, reply.Status);
        Assert.Contains("dryRun", reply.ErrorMessage, StringComparison.Ordinal);
    }
}
