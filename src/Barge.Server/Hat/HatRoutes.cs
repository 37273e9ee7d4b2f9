using Barge.Server.Http;
using Microsoft.AspNetCore.Routing;

namespace Barge.Server.Hat;

/// <summary>
/// The HAT v2.6 dialect (<c>spec/hat-and-batch-service.md</c> D2): records over the same Core batch engine and journal.
/// Its writes are mapped in one batch group under <see cref="HatBatchApi.Prefix"/> that answers in HAT's error shape.
/// </summary>
public static class HatRoutes
{
    public static IEndpointRouteBuilder MapHat(this IEndpointRouteBuilder routes)
    {
        routes.MapHatDataReads();
        var writes = routes.MapBatchGroup(HatBatchApi.Prefix, HatResults.Dialect);
        writes.MapHatBatch();
        writes.MapHatDataWrites();
        writes.MapHatLink();
        return routes;
    }
}
