using Microsoft.AspNetCore.Routing;

namespace Barge.Server.WeaviateLegacy;

/// <summary>The Weaviate 0.x dialect (spec §9): semantic kinds over the same Core services as v1.</summary>
public static class LegacyRoutes
{
    public static IEndpointRouteBuilder MapWeaviateLegacy(this IEndpointRouteBuilder routes)
    {
        routes.MapWeaviateLegacySchema();
        routes.MapWeaviateLegacyObjects();
        routes.MapWeaviateLegacyBatching();
        return routes;
    }
}
