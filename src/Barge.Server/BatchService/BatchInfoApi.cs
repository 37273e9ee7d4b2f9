using System.Text.Json.Nodes;
using Barge.Server.Hosting;
using Barge.Server.Weaviate;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Barge.Server.BatchService;

/// <summary><c>GET /api/batch</c>: build information of the batch service.</summary>
public static class BatchInfoApi
{
    public static void MapBatchInfo(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/batch", (BargeOptions options) => WeaviateResults.Ok(new JsonObject
        {
            ["service"] = "batch",
            ["server"] = "barge",
            ["version"] = MetaApi.BargeVersion,
            ["releases"] = new JsonArray("v1"),
            ["environment"] = options.Environment,
        }));
}
