using Grpc.Core;

namespace Barge.Server.Grpc;

/// <summary>The status codes the dialect answers with; bad input is never INTERNAL.</summary>
internal static class GrpcErrors
{
    public static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));
    public static RpcException NotFound(string message) => new(new Status(StatusCode.NotFound, message));
    public static RpcException TooMany(string message) => new(new Status(StatusCode.ResourceExhausted, message));
    public static RpcException Conflict(string message) => new(new Status(StatusCode.AlreadyExists, message));
    public static RpcException Overloaded(string message, TimeSpan retryAfter) =>
        new(new Status(StatusCode.ResourceExhausted, message),
            new Metadata { { "grpc-retry-pushback-ms", ((long)retryAfter.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture) } });
    public static RpcException Unimplemented(string message) => new(new Status(StatusCode.Unimplemented, message));
}
