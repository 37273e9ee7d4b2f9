using Barge.Server.Weaviate;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Barge.Server.Hosting;

/// <summary>The one place that wires Core services and maps every dialect's routes.</summary>
public static class ServiceRegistration
{
    public static IServiceCollection AddBargeServices(this IServiceCollection services)
    {
        return services;
    }

    public static IEndpointRouteBuilder MapBargeRoutes(this IEndpointRouteBuilder routes)
    {
        routes.MapWeaviateMeta();
        routes.MapWeaviateSchema();
        return routes;
    }
}
