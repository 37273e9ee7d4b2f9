using Barge.Server.Tests.Support;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Barge.Server.Tests.Access;

/// <summary>
/// Every gRPC method the server maps, read from its endpoint data source (a method added later is covered without
/// editing this test), called as each kind of caller with the admin list on: no key and a wrong key are
/// UNAUTHENTICATED, a read-only user may only search, aggregate and list tenants, a user on neither list may do
/// nothing, an admin passes authorization. The request is an empty message, which no method may answer INTERNAL or
/// UNKNOWN. The health service is open to everyone by design and is left out (its Watch never ends).
/// </summary>
public sealed class GrpcAccessMatrixTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync(AccessCallers.Configure);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static readonly string[] Reads = ["Search", "Aggregate", "TenantsGet"];

    private static StatusCode? Expected(Caller caller, string method) => caller switch
    {
        Caller.Anonymous or Caller.WrongKey => StatusCode.Unauthenticated,
        Caller.Plain => StatusCode.PermissionDenied,
        Caller.Reader => Reads.Contains(method) ? null : StatusCode.PermissionDenied,
        _ => null,
    };

    [Fact]
    public async Task Every_grpc_method_answers_each_caller_as_the_admin_list_says()
    {
        var methods = Methods();
        Assert.True(methods.Count >= 7, $"only {methods.Count} weaviate.v1 methods found: the endpoint data source is not what this test expects");
        var failures = new List<string>();
        foreach (var method in methods)
            foreach (var caller in Enum.GetValues<Caller>())
            {
                using var channel = _server.GrpcChannel(AccessCallers.Token(caller));
                var status = await CallAsync(channel.CreateCallInvoker(), method);
                var expected = Expected(caller, method.Name);
                var ok = status is not (StatusCode.Internal or StatusCode.Unknown)
                    && (expected is { } e ? status == e : status is not (StatusCode.Unauthenticated or StatusCode.PermissionDenied));
                if (!ok) failures.Add($"{caller} {method.FullName}: expected {expected?.ToString() ?? "neither UNAUTHENTICATED nor PERMISSION_DENIED"}, got {status}");
            }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Calls <paramref name="method"/> with one empty message and returns the call's status.</summary>
    private static async Task<StatusCode> CallAsync(CallInvoker invoker, IMethod method)
    {
        var raw = Marshallers.Create(b => b, b => b);
        var bytes = new Method<byte[], byte[]>(method.Type, method.ServiceName, method.Name, raw, raw);
        var options = new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30));
        try
        {
            switch (method.Type)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(bytes, null, options, []);
                    break;
                case MethodType.DuplexStreaming:
                    using (var call = invoker.AsyncDuplexStreamingCall(bytes, null, options))
                    {
                        try
                        {
                            await call.RequestStream.WriteAsync([]);
                            await call.RequestStream.CompleteAsync();
                        }
                        catch (RpcException)
                        {
                            // A refused caller's call can end before the client has written (the server refuses at
                            // the call's start): the write then fails on the client's side, and the server's status
                            // is what the response stream reads below.
                        }
                        while (await call.ResponseStream.MoveNext(CancellationToken.None)) { }
                    }
                    break;
                default:
                    throw new InvalidOperationException($"{method.FullName} is {method.Type}: teach this test to call it");
            }
            return StatusCode.OK;
        }
        catch (RpcException ex)
        {
            return ex.StatusCode;
        }
    }

    private List<IMethod> Methods() => _server.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .Select(e => e.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method)
        .OfType<IMethod>()
        .Where(m => m.ServiceName.StartsWith("weaviate.", StringComparison.Ordinal))
        .DistinctBy(m => m.FullName)
        .ToList();
}
