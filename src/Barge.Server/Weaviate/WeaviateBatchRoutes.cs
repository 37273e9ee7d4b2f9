using Barge.Server.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Barge.Server.Weaviate;

/// <summary>v1's batch routes, in one group under <c>/v1</c> that answers in Weaviate's error shape (422 for bad input).</summary>
public static class WeaviateBatchRoutes
{
    public static readonly BatchDialect Dialect = new("weaviate", WeaviateResults.Error, StatusCodes.Status422UnprocessableEntity, WeaviateResults.Framework);

    public static IEndpointRouteBuilder MapWeaviateBatch(this IEndpointRouteBuilder routes)
    {
        var v1 = routes.MapBatchGroup("/v1", Dialect);
        v1.MapWeaviateBatchObjects();
        v1.MapWeaviateBatchReferences();
        v1.MapWeaviateBatchDelete();
        return routes;
    }
}
