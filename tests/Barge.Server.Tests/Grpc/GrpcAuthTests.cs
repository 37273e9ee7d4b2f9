using Barge.Server.Grpc.Protocol;
using Barge.Server.Hosting;
using Barge.Server.Tests.Support;
using Barge.Server.Tests.Weaviate;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Health.V1;
using static Barge.Server.Tests.Grpc.GrpcKit;
using static Barge.Server.Tests.Weaviate.BatchTestKit;
using Value = Google.Protobuf.WellKnownTypes.Value;
using WeaviateClient = Barge.Server.Grpc.Protocol.Weaviate.WeaviateClient;

namespace Barge.Server.Tests.Grpc;

/// <summary>The gRPC interceptor applies REST's rules: API keys, anonymous access, the admin list.</summary>
public sealed class GrpcAuthTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync(o => o with
    {
        Auth = new AuthOptions
        {
            AnonymousAccessEnabled = false,
            ApiKeyEnabled = true,
            ApiKeys = ["admin-key", "reader-key"],
            ApiKeyUsers = ["admin", "reader"],
            AdminListEnabled = true,
            AdminUsers = ["admin"],
            ReadOnlyUsers = ["reader"],
        },
    });

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static BatchObjectsRequest OneDoc(int n) => new() { Objects = { Object("Doc", Id(n), Struct(("k", Value.ForString("v")))) } };

    [Fact]
    public async Task No_key_is_unauthenticated_with_weaviates_message()
    {
        using var channel = _server.GrpcChannel();
        var ex = await Assert.ThrowsAsync<RpcException>(() => new WeaviateClient(channel).BatchObjectsAsync(OneDoc(1)).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        Assert.StartsWith("anonymous access not enabled", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_key_is_unauthenticated()
    {
        using var channel = _server.GrpcChannel("nope");
        var ex = await Assert.ThrowsAsync<RpcException>(() => new WeaviateClient(channel).BatchObjectsAsync(OneDoc(1)).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
    }

    [Fact]
    public async Task A_read_only_user_may_not_write()
    {
        using var channel = _server.GrpcChannel("reader-key");
        var ex = await Assert.ThrowsAsync<RpcException>(() => new WeaviateClient(channel).BatchObjectsAsync(OneDoc(2)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        Assert.Equal("forbidden: user 'reader' has insufficient permissions to create batch/objects", ex.Status.Detail);
        Assert.Equal(404, (await _server.GetAsync($"/v1/objects/Doc/{Id(2)}", "admin-key")).Status);
    }

    [Fact]
    public async Task An_admin_writes_and_the_batch_is_journaled_under_the_admins_name()
    {
        using var channel = _server.GrpcChannel("admin-key");
        var reply = await new WeaviateClient(channel).BatchObjectsAsync(OneDoc(3), new Metadata { { "x-batch-id", "grpc-auth-1" } });
        Assert.Empty(reply.Errors);
        Assert.Equal(200, (await _server.GetAsync($"/v1/objects/Doc/{Id(3)}", "admin-key")).Status);
        Assert.Equal("admin", (string)(await BatchService.JournalTestKit.SummaryAsync(_server, "grpc-auth-1", "admin-key"))["user"]!);
    }

    [Fact]
    public async Task Health_needs_no_key()
    {
        using var channel = _server.GrpcChannel();
        var reply = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }
}
