using System.Text.Json.Nodes;
using Barge.Server.Auth;
using Barge.Server.Hosting;
using Barge.Server.Weaviate;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Barge.Server.BatchService;

/// <summary>
/// <c>GET /api/batch</c>: build information of the batch service, and <c>you</c>: who the key is and whether it may
/// write (undo) and see every user's batches, so that a page offers only what the key may do.
/// </summary>
public static class BatchInfoApi
{
    public static void MapBatchInfo(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/batch", (BargeOptions options, AccessRules rules, HttpContext http) =>
        {
            var principal = http.Principal();
            return WeaviateResults.Ok(new JsonObject
            {
                ["service"] = "batch",
                ["server"] = "barge",
                ["version"] = MetaApi.BargeVersion,
                ["releases"] = new JsonArray("v1"),
                ["environment"] = options.Environment,
                ["you"] = new JsonObject
                {
                    ["user"] = principal.LogName,
                    ["admin"] = BatchRequests.Viewer(http, options).IsAdmin,
                    ["canWrite"] = rules.Forbidden(principal, "create", "api/batch/v1") is null,
                },
            });
        });
}
