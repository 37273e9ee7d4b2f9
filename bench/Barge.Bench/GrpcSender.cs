using Barge.Server.Grpc.Protocol;
using Grpc.Core;
using Grpc.Net.Client;

namespace Barge.Bench;

/// <summary>
/// <c>weaviate.v1.Weaviate/BatchObjects</c> over one HTTP/2 cleartext connection (h2c): the pre-built request bytes
/// go out as they are (pass-through marshallers, no protobuf work while timed); the reply lists only the failed
/// objects, so the acknowledged ids are the batch's client ids minus the failed indexes.
/// </summary>
internal sealed class GrpcSender : Sender
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);
    private static readonly Method<byte[], byte[]> BatchObjects = new(MethodType.Unary, "weaviate.v1.Weaviate", "BatchObjects", Bytes, Bytes);

    private readonly GrpcChannel _channel;
    private readonly CallInvoker _invoker;
    private readonly BodyPool _pool;

    public GrpcSender(string? address, BodyPool pool)
    {
        if (address is null) throw new InvalidOperationException("the server did not report a gRPC address");
        _pool = pool;
        _channel = GrpcChannel.ForAddress($"http://{address}", new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseProxy = false },
            MaxReceiveMessageSize = null, MaxSendMessageSize = null, DisposeHttpClient = true,
        });
        _invoker = _channel.CreateCallInvoker();
    }

    public override async Task<int?> SendAsync(long n, byte[] body, LoopState s)
    {
        byte[] answer;
        try
        {
            answer = await _invoker.AsyncUnaryCall(BatchObjects, null, new CallOptions(deadline: DateTime.UtcNow.AddMinutes(5)), body);
        }
        catch (RpcException ex)
        {
            s.FailedRequests++;
            s.FirstError ??= $"gRPC {ex.StatusCode}: {ex.Status.Detail}";
            return null;
        }
        var reply = BatchObjectsReply.Parser.ParseFrom(answer);
        var first = _pool.First + n * _pool.BatchSize;
        var failed = reply.Errors.Count == 0 ? null : reply.Errors.Select(e => e.Index).ToHashSet();
        for (var k = 0; k < _pool.BatchSize; k++)
            if (failed is null || !failed.Contains(k)) s.Acked.Add(Articles.ClientId(first + k));
        if (failed is not null)
        {
            s.FailedItems += failed.Count;
            s.FirstError ??= $"item {reply.Errors[0].Index} failed: {reply.Errors[0].Error}";
        }
        return _pool.BatchSize - (failed?.Count ?? 0);
    }

    public override void Dispose() => _channel.Dispose();
}
