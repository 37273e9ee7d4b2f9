using Microsoft.AspNetCore.Routing;

namespace Barge.Server.Hat;

/// <summary>The HAT v2.6 dialect (<c>spec/hat-and-batch-service.md</c> D2): records over the same Core batch engine and journal.</summary>
public static class HatRoutes
{
    public static IEndpointRouteBuilder MapHat(this IEndpointRouteBuilder routes)
    {
        routes.MapHatBatch();
        routes.MapHatData();
        routes.MapHatLink();
        return routes;
    }
}
