using Barge.Server.Auth;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Barge.Server.Grpc;

/// <summary>
/// Authenticates and authorizes every weaviate.v1 call with the REST rules (<see cref="AccessRules"/>): the API key
/// from the <c>authorization: Bearer …</c> metadata, anonymous access, the admin list. Refusals are UNAUTHENTICATED
/// and PERMISSION_DENIED with Weaviate's messages. The health service answers everyone, like REST's probes.
/// </summary>
internal sealed class GrpcAuthInterceptor(AccessRules rules) : Interceptor
{
    private const string PrincipalKey = "barge.principal";

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(requestStream, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(requestStream, responseStream, context);
    }

    /// <summary>The caller the interceptor admitted (anonymous for the unauthenticated health service).</summary>
    public static Principal Principal(ServerCallContext context) =>
        context.UserState.TryGetValue(PrincipalKey, out var p) && p is Principal principal ? principal : Auth.Principal.Anonymous;

    private void Admit(ServerCallContext context)
    {
        if (context.Method.StartsWith("/grpc.health.v1.Health/", StringComparison.Ordinal)) return;
        var (principal, refusal) = rules.Authenticate(BearerToken(context.RequestHeaders), ClientAddress(context));
        if (refusal?.RetryAfter is { } wait) throw GrpcErrors.Overloaded(refusal.Message, wait);
        if (principal is null) throw new RpcException(new Status(StatusCode.Unauthenticated, refusal!.Message));
        var (verb, resource) = GrpcPermissions.Describe(context.Method);
        if (rules.Forbidden(principal, verb, resource) is { } forbidden)
            throw new RpcException(new Status(StatusCode.PermissionDenied, forbidden));
        context.UserState[PrincipalKey] = principal;
    }

    /// <summary>The peer's address without its port (<c>ipv4:127.0.0.1:5000</c> → <c>127.0.0.1</c>), as REST keys it.</summary>
    private static string ClientAddress(ServerCallContext context) =>
        context.GetHttpContext().Connection.RemoteIpAddress?.ToString() ?? context.Peer;

    private static string? BearerToken(Metadata headers)
    {
        var value = headers.GetValue("authorization");
        if (value is null || !value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return null;
        var token = value["Bearer ".Length..].Trim();
        return token.Length > 0 ? token : null;
    }
}

/// <summary>The verb and resource of each weaviate.v1 method, as the admin list judges them (reads are get/list).</summary>
internal static class GrpcPermissions
{
    public static (string Verb, string Resource) Describe(string method) => method[(method.LastIndexOf('/') + 1)..] switch
    {
        "BatchObjects" or "BatchStream" => ("create", "batch/objects"),
        "BatchReferences" => ("update", "batch/*"),
        "BatchDelete" => ("delete", "batch/objects"),
        "TenantsGet" => ("list", "schema/*"),
        "Search" or "Aggregate" => ("list", "objects"),
        var other => ("update", other),
    };
}
