using Barge.Server.Auth;
using Barge.Server.Hosting;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.BatchService.JournalTestKit;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.BatchService;

/// <summary>The batch routes take the same API keys; admins see every summary, others only their own.</summary>
public sealed class JournalAuthTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() =>
        _server = await TestServer.StartAsync(o => o with
        {
            Auth = new AuthOptions
            {
                ApiKeyEnabled = true,
                ApiKeys = ["admin-key", "alice-key", "bob-key"],
                ApiKeyUsers = ["admin", "alice", "bob"],
                AdminUsers = ["admin"],
            },
        });

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Users_see_their_own_batches_and_admins_see_all()
    {
        Assert.Equal(200, (await _server.PostAsync("/api/batch/v1?collection=Auth", VarBatch("alice-1", J("""{"_id":"a"}""")), "alice-key")).Status);
        var bobs = await _server.SendWithAsync(HttpMethod.Post, "/v1/batch/objects", J("""{"objects":[{"class":"Auth","properties":{}}]}"""),
            H(("X-Batch-Id", "bob-1")), token: "bob-key");
        Assert.Equal(200, bobs.Status);

        Assert.Equal("alice", (string)(await _server.SummaryAsync("alice-1", "alice-key"))["user"]!);
        var aliceList = await _server.GetAsync("/api/batch/v1", "alice-key");
        Assert.Equal(["alice-1"], aliceList.Json.AsArray().Select(e => (string)e!["_id"]!).ToList());
        Assert.Equal(404, (await _server.GetAsync("/api/batch/v1/bob-1", "alice-key")).Status);
        Assert.Equal(404, (await _server.DeleteAsync("/api/batch/v1/bob-1", null, "alice-key")).Status);
        Assert.Equal(404, (await _server.PostAsync("/api/batch/v1/bob-1/undo", null, "alice-key")).Status);

        var adminList = await _server.GetAsync("/api/batch/v1", "admin-key");
        Assert.Equal("2", adminList.Headers["x-total-count"]);
        Assert.Equal(200, (await _server.GetAsync("/api/batch/v1/bob-1", "admin-key")).Status);
    }

    [Fact]
    public async Task Batch_routes_need_a_valid_key()
    {
        Assert.Equal(401, (await _server.GetAsync("/api/batch/v1")).Status);
        Assert.Equal(401, (await _server.GetAsync("/api/batch")).Status);
        Assert.Equal(401, (await _server.PostAsync("/api/batch/v1", VarBatch("x"), "wrong-key")).Status);
    }
}
