using Barge.Server.Auth;
using Barge.Server.Hosting;
using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Barge.Server.Grpc;

/// <summary>Wires the Weaviate gRPC dialect: the service, its auth interceptor, message limits and the health service.</summary>
internal static class GrpcRegistration
{
    public static IServiceCollection AddBargeGrpc(this IServiceCollection services, BargeOptions options)
    {
        services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = options.GrpcMaxMessageBytes;
            o.MaxSendMessageSize = options.GrpcMaxMessageBytes;
            o.Interceptors.Add<GrpcAuthInterceptor>();
            o.Interceptors.Add<GrpcErrorInterceptor>();
            // No catch-all routes for unknown services: they would also match REST paths (any "/a/b") and
            // turn REST's 405 answers into gRPC ones. An unknown service still gets 404, which clients read as UNIMPLEMENTED.
            o.IgnoreUnknownServices = true;
        });
        services.AddSingleton<IServiceMethodProvider<WeaviateService>, WeaviateServiceMethods>();
        // Readiness is the store's (the health checks registered with the Core services: StoreHealthCheck), as for
        // REST's /v1/.well-known/ready: NOT_SERVING while the store cannot be reached. Checked on each call, not from a
        // cache the background publisher fills seconds after start or after the database comes back.
        // Weaviate answers every service name; weaviate-client 3.x asks for the method's path as the service
        // ("/grpc.health.v1.Health/Check") and refuses to connect unless that is SERVING.
        services.AddGrpcHealthChecks(o =>
        {
            o.UseHealthChecksCache = false;
            foreach (var name in HealthServiceNames) o.Services.Map(name, _ => true);
        });
        return services;
    }

    /// <summary>The health-check service names answered besides the server as a whole (""), each with every check.</summary>
    public static readonly string[] HealthServiceNames = ["weaviate.v1.Weaviate", "/grpc.health.v1.Health/Check"];

    public static IEndpointRouteBuilder MapBargeGrpc(this IEndpointRouteBuilder routes)
    {
        routes.MapGrpcService<WeaviateService>();
        routes.MapGrpcHealthChecksService();
        return routes;
    }
}
