using Grpc.AspNetCore.Server;
using Barge.Server.Hosting;
using Microsoft.AspNetCore.Http;

namespace Barge.Server.Grpc;

/// <summary>
/// Keeps each port to its own routes: gRPC methods only on the gRPC listener, REST routes only on the REST one
/// (so the gRPC port is no way around REST authentication, and REST's middlewares never see gRPC).
/// </summary>
internal sealed class GrpcRoutingMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
        var isGrpcMethod = http.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is not null;
        if (ListenerMark.Grpc.Arrived(http) != isGrpcMethod && http.GetEndpoint() is not null)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        return next(http);
    }
}
