using System.Reflection;
using System.Text.Json.Nodes;
using Barge.Core.Journal;
using Barge.Core.Schema;
using Barge.Core.Storage;
using Barge.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Barge.Server.Weaviate;

/// <summary><c>/v1/meta</c>, the health probes, <c>/v1/nodes</c> and the root redirect.</summary>
public static class MetaApi
{
    /// <summary>The Weaviate version Barge reports: it decides which paths clients take (docs/weaviate-version.md).</summary>
    public const string WeaviateVersion = "1.36.0";

    public static string BargeVersion { get; } =
        typeof(MetaApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static void MapWeaviateMeta(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", () => Results.Json(new { links = new { href = "/v1", name = "api v1", documentationHref = "https://github.com/barge" } }, statusCode: 301))
            .AddEndpointFilter(async (ctx, next) =>
            {
                ctx.HttpContext.Response.Headers.Location = "/v1";
                return await next(ctx);
            });
        routes.MapGet("/v1/.well-known/live", () => Results.Ok());
        // Ready while the store answers (StoreHealthCheck): an orchestrator stops sending traffic to a node whose
        // database is gone, and sends it again once it is back. Live stays 200: restarting would not bring it back.
        // A store that serves reads only (opened on a data folder it cannot write) is ready for reads: 200, with a body
        // that says so and why, where a ready store answers without one as Weaviate does.
        routes.MapGet("/v1/.well-known/ready", async (HealthCheckService health, HttpContext http) =>
            await health.CheckHealthAsync(http.RequestAborted) switch
            {
                { Status: HealthStatus.Unhealthy } => Results.StatusCode(StatusCodes.Status503ServiceUnavailable),
                { Status: HealthStatus.Degraded } report => Results.Json(new { status = "readOnly", message = Reason(report) }),
                _ => Results.Ok(),
            });
        routes.MapGet("/v1/.well-known/openid-configuration", () => WeaviateResults.NotFoundEmpty());
        routes.MapGet("/v1/meta", (HttpContext http, BargeOptions options) => WeaviateResults.Ok(new JsonObject
        {
            ["hostname"] = $"{http.Request.Scheme}://{http.Request.Host}",
            ["version"] = WeaviateVersion,
            ["modules"] = new JsonObject(),
            ["bargeVersion"] = BargeVersion,
            // Where this server keeps its data: "sqlite" (embedded, one data folder) or "postgres".
            ["bargeStore"] = options.Storage == StorageKind.Postgres ? "postgres" : "sqlite",
            // Weaviate's field: the largest gRPC message either side may send (BARGE_GRPC_MAX_MESSAGE_BYTES).
            ["grpcMaxMessageSize"] = options.GrpcMaxMessageBytes,
            ["limits"] = new JsonObject
            {
                ["maxRequestBytes"] = options.MaxRequestBytes,
                ["maxBatchItems"] = options.MaxBatchItems,
                ["maxJsonDepth"] = options.MaxJsonDepth,
                ["maxQueuedObjects"] = options.MaxQueuedObjects,
                ["maxQueuedBytes"] = options.MaxQueuedBytes,
                ["memoryLimitBytes"] = options.MemoryLimitBytes,
                ["grpcMaxMessageBytes"] = options.GrpcMaxMessageBytes,
                ["queryMaximumResults"] = options.QueryMaximumResults,
                ["queryDefaultsLimit"] = options.QueryDefaultsLimit,
                ["maxFilterClauses"] = options.FilterLimits.MaxClauses,
                ["maxFilterValues"] = options.FilterLimits.MaxValues,
                ["maxFilterDepth"] = options.FilterLimits.MaxDepth,
                ["maxFilterReferenceHops"] = options.FilterLimits.MaxReferenceHops,
                ["maxFilterLikeWildcards"] = options.FilterLimits.MaxLikeWildcards,
                ["maxSortKeys"] = options.MaxSortKeys,
                ["maxIndexedWordBytes"] = options.MaxIndexedWordBytes,
                ["maxGraphQLFields"] = options.GraphQLLimits.MaxFields,
                ["maxGraphQLNodes"] = options.GraphQLLimits.MaxNodes,
                ["maxGraphQLDepth"] = options.GraphQLLimits.MaxDepth,
            },
        }));
        routes.MapGet("/v1/nodes", (HttpContext http, SchemaService schema, IObjectStore store, IngestMeter meter) => Nodes(http, schema, store, meter, null));
        routes.MapGet("/v1/nodes/{className}", (HttpContext http, SchemaService schema, IObjectStore store, IngestMeter meter, string className) => Nodes(http, schema, store, meter, className));
    }

    private static string Reason(HealthReport report) =>
        string.Join("; ", report.Entries.Values.Where(e => e.Status == HealthStatus.Degraded).Select(e => e.Description));

    private static async Task<IResult> Nodes(HttpContext http, SchemaService schema, IObjectStore store, IngestMeter meter, string? className)
    {
        var output = http.Request.Query["output"].ToString();
        if (output is not ("" or "minimal" or "verbose"))
            return WeaviateResults.Error(StatusCodes.Status422UnprocessableEntity, $"invalid output: \"{output}\", possible values are: \"minimal\", \"verbose\"");
        var verbose = output != "minimal";
        var counts = await store.CountByClassAsync(http.RequestAborted);
        var classes = schema.Classes.Where(c => className is null || c.Name == className).ToList();
        if (className is not null && classes.Count == 0) return WeaviateResults.NotFoundEmpty();
        var node = new JsonObject
        {
            ["name"] = "barge-node-1",
            ["status"] = "HEALTHY",
            ["version"] = WeaviateVersion,
            ["gitHash"] = "barge-" + BargeVersion,
            ["stats"] = new JsonObject { ["shardCount"] = classes.Count, ["objectCount"] = classes.Sum(c => counts.GetValueOrDefault(c.Name)) },
            ["batchStats"] = new JsonObject { ["queueLength"] = meter.QueueLength, ["ratePerSecond"] = meter.RatePerSecond },
        };
        if (verbose)
            node["shards"] = new JsonArray(classes.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = "shard-" + c.Name.ToLowerInvariant(),
                ["class"] = c.Name,
                ["objectCount"] = counts.GetValueOrDefault(c.Name),
                ["vectorIndexingStatus"] = "READY",
                ["compressed"] = false,
                ["vectorQueueLength"] = 0,
                ["loaded"] = true,
            }).ToArray());
        return WeaviateResults.Ok(new JsonObject { ["nodes"] = new JsonArray(node) });
    }
}
