using Barge.Server.Grpc.Protocol;
using Barge.Server.Tests.Support;
using Grpc.Core;
using Barge.Server.Tests.BatchService;
using Google.Protobuf.WellKnownTypes;
using Value = Google.Protobuf.WellKnownTypes.Value;
using static Barge.Server.Tests.Grpc.GrpcKit;
using static Barge.Server.Tests.Weaviate.BatchTestKit;
using WeaviateClient = Barge.Server.Grpc.Protocol.Weaviate.WeaviateClient;

namespace Barge.Server.Tests.Grpc;

/// <summary>
/// <c>x-batch-id</c> metadata names a gRPC batch in the journal as <c>X-Batch-Id</c> does over REST, so an id that
/// REST refuses (too long, not visible ASCII, a <c>/</c>) is INVALID_ARGUMENT before anything is written or journaled.
/// </summary>
public sealed class GrpcBatchIdTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private global::Grpc.Net.Client.GrpcChannel _channel = null!;
    private WeaviateClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _channel = _server.GrpcChannel();
        _client = new WeaviateClient(_channel);
        await _server.CreateClassAsync("""{"class":"Doc","properties":[{"name":"k","dataType":["text"]}]}""");
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _server.DisposeAsync();
    }

    // Metadata values are ASCII on the wire; a control character is the non-visible case a client can send.
    public static TheoryData<string> BadIds => [new string('x', 10_000), "a\tb", "loads/2026-12-07"];

    [Theory]
    [MemberData(nameof(BadIds))]
    public async Task A_bad_batch_id_is_refused_before_BatchObjects_writes(string id)
    {
        var request = new BatchObjectsRequest { Objects = { Object("Doc", Id(1), Struct(("k", Value.ForString("v")))) } };
        var error = await Assert.ThrowsAsync<RpcException>(() => _client.BatchObjectsAsync(request, new Metadata { { "x-batch-id", id } }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("x-batch-id", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0, await _server.CountAsync("Doc"));
        Assert.Equal(0, await JournalCountAsync());
    }

    [Theory]
    [MemberData(nameof(BadIds))]
    public async Task A_bad_batch_id_is_refused_before_BatchStream_imports(string id)
    {
        using var call = _client.BatchStream(new Metadata { { "x-batch-id", id } });
        var status = StatusCode.OK;
        try
        {
            await call.RequestStream.WriteAsync(new BatchStreamRequest { Start = new() });
            await call.RequestStream.CompleteAsync();
            while (await call.ResponseStream.MoveNext(CancellationToken.None)) { }
        }
        catch (RpcException e) { status = e.StatusCode; }
        Assert.Equal(StatusCode.InvalidArgument, status);
        Assert.Equal(0, await JournalCountAsync());
    }

    [Fact]
    public async Task A_plain_batch_id_still_names_the_batch()
    {
        var request = new BatchObjectsRequest { Objects = { Object("Doc", Id(2), Struct(("k", Value.ForString("v")))) } };
        var reply = await _client.BatchObjectsAsync(request, new Metadata { { "x-batch-id", "grpc-load_2026.12.07" } });
        Assert.Empty(reply.Errors);
        Assert.Equal("success", (string)(await _server.SummaryAsync("grpc-load_2026.12.07"))["status"]!);
    }

    private async Task<int> JournalCountAsync()
    {
        var reply = await _server.GetAsync("/api/batch/v1?_limit=1");
        Assert.Equal(200, reply.Status);
        return int.Parse(reply.Headers["x-total-count"], System.Globalization.CultureInfo.InvariantCulture);
    }
}
