using Barge.Core.Errors;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Barge.Server.Grpc;

/// <summary>
/// Turns Core's typed failures into gRPC status codes for every method, in one place: the caller's input
/// INVALID_ARGUMENT, a missing thing NOT_FOUND, a refused right PERMISSION_DENIED, a taken batch id ALREADY_EXISTS, a
/// full write queue or a store out of space RESOURCE_EXHAUSTED with the wait in <c>grpc-retry-pushback-ms</c> (gRPC's own retry hint).
/// The choice follows <see cref="ErrorKind"/> alone. An <see cref="RpcException"/> a method threw on purpose stays what
/// it is; any other exception is left to gRPC, which answers UNKNOWN without the exception's text.
/// </summary>
internal sealed class GrpcErrorInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (Map(ex) is { } mapped)
        {
            throw mapped;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception ex) when (Map(ex) is { } mapped)
        {
            throw mapped;
        }
    }

    private static RpcException? Map(Exception ex) => ex switch
    {
        BargeException { Kind: var kind } barge => kind switch
        {
            ErrorKind.Invalid => GrpcErrors.Invalid(barge.Message),
            ErrorKind.NotFound => GrpcErrors.NotFound(barge.Message),
            ErrorKind.Forbidden => new RpcException(new Status(StatusCode.PermissionDenied, barge.Message)),
            ErrorKind.Conflict => GrpcErrors.Conflict(barge.Message),
            ErrorKind.Overloaded or ErrorKind.StoreLimit => GrpcErrors.Overloaded(barge.Message, barge.RetryAfter ?? TimeSpan.Zero),
            ErrorKind.Unavailable => new RpcException(new Status(StatusCode.Unavailable, barge.Message)),
            _ => new RpcException(new Status(StatusCode.Internal, barge.Message)),
        },
        // Not ours: gRPC answers UNKNOWN with its own fixed text (detailed errors are off) and logs the exception.
        _ => null,
    };
}
