using Barge.Core.Errors;
using Barge.Core.Journal;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Barge.Server.Grpc;

/// <summary>
/// Turns Core's typed failures into gRPC status codes for every method, in one place: the caller's input
/// INVALID_ARGUMENT, a missing thing NOT_FOUND, a refused right PERMISSION_DENIED, a taken batch id ALREADY_EXISTS, a
/// full write queue or a store out of space RESOURCE_EXHAUSTED with the wait in <c>grpc-retry-pushback-ms</c> (gRPC's own retry hint).
/// Anything else stays what it is (an <see cref="RpcException"/> a method threw on purpose, or a real fault).
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
        UserInputException => GrpcErrors.Invalid(ex.Message),
        NotFoundException => GrpcErrors.NotFound(ex.Message),
        ForbiddenException => new RpcException(new Status(StatusCode.PermissionDenied, ex.Message)),
        JournalConflictException => GrpcErrors.Conflict(ex.Message),
        OverloadedException overloaded => GrpcErrors.Overloaded(overloaded.Message, overloaded.RetryAfter),
        OutOfSpaceException full => GrpcErrors.Overloaded(full.Message, full.RetryAfter),
        _ => null,
    };
}
