using System.Text.Json.Nodes;
using Barge.Server.Hosting;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.BatchService.JournalTestKit;
using static Barge.Server.Tests.Weaviate.ObjectsAssert;

namespace Barge.Server.Tests.Access;

/// <summary>
/// <c>Idempotency-Key</c> belongs to the user who sent it, and every batch route honours it: a retried HAT
/// <c>data-batch</c> or 0.x batch writes its records once.
/// </summary>
public sealed class IdempotencyPerUserTests : IAsyncLifetime
{
    private const string Alice = "alice-key";
    private const string Bob = "bob-key";
    private TestServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync(o => o with
        {
            Auth = new AuthOptions { AnonymousAccessEnabled = false, ApiKeyEnabled = true, ApiKeys = [Alice, Bob], ApiKeyUsers = ["alice", "bob"] },
        });
        Status(await _server.PostAsync("/v1/schema", """{"class":"Doc","properties":[{"name":"k","dataType":["text"]}]}""", Alice), 200);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private Task<Reply> SendAsync(HttpMethod method, string path, string body, string key, string token, string? hatToken = null) =>
        _server.SendWithAsync(method, path, body, hatToken is null ? H(("Idempotency-Key", key)) : H(("Idempotency-Key", key), ("X-Auth-Token", hatToken)),
            hatToken is null ? token : null);

    private async Task<long> CountAsync(string cls) => (await _server.GetAsync($"/v1/objects?class={cls}&limit=1000", Alice)).Json["objects"]!.AsArray().Count;

    [Fact]
    public async Task Another_user_with_the_same_key_runs_their_own_batch_and_sees_nothing_of_the_first()
    {
        // Server-assigned ids: each run creates new objects, so counts show which requests ran.
        const string Body = """{"objects":[{"class":"Doc","properties":{"k":"a"}}]}""";
        var alice = await SendAsync(HttpMethod.Post, "/v1/batch/objects", Body, "shared-key", Alice);
        Status(alice, 200);
        var bob = await SendAsync(HttpMethod.Post, "/v1/batch/objects", Body, "shared-key", Bob);
        Status(bob, 200);
        Assert.False(bob.Headers.ContainsKey("Idempotency-Replayed"));
        Assert.NotEqual(alice.Headers["X-Batch-Id"], bob.Headers["X-Batch-Id"]);
        Assert.Equal("bob", (string)(await _server.SummaryAsync(bob.Headers["X-Batch-Id"], Bob))["user"]!);
        Assert.Equal(2, await CountAsync("Doc"));

        // Another body with Alice's key is not "a different request" for Bob: it runs, naming nothing of Alice's.
        var bobAgain = await SendAsync(HttpMethod.Post, "/v1/batch/objects", """{"objects":[{"class":"Doc","properties":{"k":"b"}}]}""", "alice-only", Bob);
        var aliceOwn = await SendAsync(HttpMethod.Post, "/v1/batch/objects", Body, "alice-only", Alice);
        Status(bobAgain, 200);
        Status(aliceOwn, 200);
        Assert.DoesNotContain(bobAgain.Headers["X-Batch-Id"], aliceOwn.Body, StringComparison.Ordinal);
        Assert.False(aliceOwn.Headers.ContainsKey("Idempotency-Replayed"));

        var replay = await SendAsync(HttpMethod.Post, "/v1/batch/objects", Body, "shared-key", Alice);
        Assert.Equal("true", replay.Headers["Idempotency-Replayed"]);
        Assert.Equal(alice.Headers["X-Batch-Id"], replay.Headers["X-Batch-Id"]);
        Assert.Equal(alice.Body, replay.Body);
        Assert.Equal(404, (await _server.GetAsync($"/api/batch/v1/{alice.Headers["X-Batch-Id"]}", Bob)).Status);
        Assert.Equal(4, await CountAsync("Doc"));
    }

    [Fact]
    public async Task A_retried_hat_data_batch_stores_its_records_once()
    {
        const string Body = """[{"endpoint":"ns/notes","data":{"m":"hi"},"links":[{"endpoint":"ns/tags","data":{"t":1}}]}]""";
        var first = await SendAsync(HttpMethod.Post, "/api/v2.6/data-batch", Body, "hat-1", Alice, hatToken: Alice);
        Assert.Equal(201, first.Status);
        var retry = await SendAsync(HttpMethod.Post, "/api/v2.6/data-batch", Body, "hat-1", Alice, hatToken: Alice);
        Assert.Equal(201, retry.Status);
        Assert.Equal("true", retry.Headers["Idempotency-Replayed"]);
        Assert.Equal(first.Body, retry.Body);
        Assert.Single((await _server.SendWithAsync(HttpMethod.Get, "/api/v2.6/data/ns/notes", null, H(("X-Auth-Token", Alice)))).Json.AsArray());
        Assert.Equal(1, await CountAsync("Hat_ns_tags"));
        var other = await SendAsync(HttpMethod.Post, "/api/v2.6/data-batch", """[{"endpoint":"ns/notes","data":{"m":"other"}}]""", "hat-1", Alice, hatToken: Alice);
        Assert.Equal(422, other.Status);
        Assert.Contains("hat-1", (string)other.Json["cause"]!, StringComparison.Ordinal); // HAT's error shape
    }

    [Fact]
    public async Task A_retried_0x_batch_stores_its_objects_once()
    {
        const string Body = """{"things":[{"class":"Doc","schema":{"k":"x"}},{"class":"Doc","schema":{"k":"y"}}]}""";
        var first = await SendAsync(HttpMethod.Post, "/v1/batching/things", Body, "legacy-1", Alice);
        Status(first, 200);
        var retry = await SendAsync(HttpMethod.Post, "/v1/batching/things", Body, "legacy-1", Alice);
        Status(retry, 200);
        Assert.Equal("true", retry.Headers["Idempotency-Replayed"]);
        Assert.Equal(first.Body, retry.Body);
        Assert.Equal(2, await CountAsync("Doc"));

        var ids = first.Json.AsArray().Select(t => (string)t!["id"]!).ToList();
        var refsBody = new JsonArray(new JsonObject { ["from"] = $"weaviate://localhost/things/{ids[0]}/k", ["to"] = $"weaviate://localhost/things/{ids[1]}" }).ToJsonString();
        var refs = await SendAsync(HttpMethod.Post, "/v1/batching/references", refsBody, "legacy-refs", Alice);
        var refsRetry = await SendAsync(HttpMethod.Post, "/v1/batching/references", refsBody, "legacy-refs", Alice);
        Assert.Equal(refs.Body, refsRetry.Body);
        Assert.Equal("true", refsRetry.Headers["Idempotency-Replayed"]);
    }
}
