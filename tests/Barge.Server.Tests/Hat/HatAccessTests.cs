using Barge.Server.Hosting;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.Hat.HatKit;

namespace Barge.Server.Tests.Hat;

/// <summary><c>X-Auth-Token</c> with the API keys, and namespace grants: a batch touching a forbidden namespace is refused whole.</summary>
public sealed class HatAccessTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync(o => o with
    {
        Auth = new AuthOptions { ApiKeyEnabled = true, ApiKeys = ["rumpel-key", "all-key"], ApiKeyUsers = ["rumpel-app", "owner"] },
        HatNamespaces = BargeOptionsFromEnvironment.Read(n => n == "BARGE_HAT_NAMESPACES" ? "rumpel-app:rumpel|shared" : null).HatNamespaces,
    });

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task X_auth_token_authenticates_with_the_api_keys()
    {
        Assert.Equal(201, (await _server.HatAsync(HttpMethod.Post, "/api/v2.6/data-batch", SeedBatch, "all-key")).Status);
        var wrong = await _server.HatAsync(HttpMethod.Post, "/api/v2.6/data-batch", SeedBatch, "wrong");
        Assert.Equal(401, wrong.Status);
        Assert.Equal("Unauthorized", (string)wrong.Json["message"]!); // HAT's error shape on HAT routes
        Assert.Equal(401, (await _server.HatAsync(HttpMethod.Post, "/api/v2.6/data-batch", SeedBatch)).Status);
    }

    [Fact]
    public async Task A_batch_touching_a_forbidden_namespace_is_refused_whole()
    {
        Assert.Equal(201, (await _server.HatAsync(HttpMethod.Post, "/api/v2.6/data-batch", SeedBatch, "rumpel-key")).Status);
        var reply = await _server.HatAsync(HttpMethod.Post, "/api/v2.6/data-batch",
            """[{"endpoint":"rumpel/ok","data":{"n":1}},{"endpoint":"shared/x","data":{"n":2},"links":[{"endpoint":"secret/y","data":{"n":3}}]}]""", "rumpel-key");
        Assert.Equal(403, reply.Status);
        Assert.Equal("Forbidden", (string)reply.Json["message"]!);
        Assert.Equal("Access Denied - No rights to insert some or all of the data in the batch", (string)reply.Json["cause"]!);
        Assert.Equal("[]", (await _server.HatAsync(HttpMethod.Get, "/api/v2.6/data/rumpel/ok", null, "all-key")).Body);
        Assert.Equal(403, (await _server.HatAsync(HttpMethod.Post, "/api/v2.6/data/secret/y", """{"n":4}""", "rumpel-key")).Status);
    }

    [Fact]
    public async Task Deleting_a_record_of_a_forbidden_namespace_is_refused()
    {
        var saved = await _server.HatAsync(HttpMethod.Post, "/api/v2.6/data/secret/z", """{"n":5}""", "all-key");
        var id = (string)saved.Json["recordId"]!;
        Assert.Equal(403, (await _server.HatAsync(HttpMethod.Delete, $"/api/v2.6/data?records={id}", null, "rumpel-key")).Status);
        Assert.Equal(200, (await _server.HatAsync(HttpMethod.Delete, $"/api/v2.6/data?records={id}", null, "all-key")).Status);
    }

    [Theory]
    [InlineData("nocolon")]
    [InlineData("user:")]
    [InlineData("user:Bad_NS")]
    [InlineData("a:x;a:y")]
    public void Invalid_namespace_grants_stop_the_server(string value) =>
        Assert.Throws<ArgumentException>(() => BargeOptionsFromEnvironment.Read(n => n == "BARGE_HAT_NAMESPACES" ? value : null));
}
