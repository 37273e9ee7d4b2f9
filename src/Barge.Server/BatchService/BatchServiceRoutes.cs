using Barge.Server.Http;
using Microsoft.AspNetCore.Routing;

namespace Barge.Server.BatchService;

/// <summary>The batch service's writes (a batch, an undo) in one batch group under <c>/api/batch/v1</c>, answered as problem details.</summary>
public static class BatchServiceRoutes
{
    /// <summary>Where the batch service's routes live.</summary>
    public const string Prefix = "/api/batch";

    public static IEndpointRouteBuilder MapBatchServiceWrites(this IEndpointRouteBuilder routes)
    {
        var writes = routes.MapBatchGroup("/api/batch/v1", ProblemResults.Dialect);
        writes.MapBatchUpdate();
        writes.MapBatchUndo();
        return routes;
    }
}
