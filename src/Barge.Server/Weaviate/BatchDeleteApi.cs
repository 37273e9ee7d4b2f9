using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Batching;
using Barge.Core.Filters;
using Barge.Core.Journal;
using Barge.Core.Schema;
using Barge.Server.BatchService;
using Barge.Server.Hosting;
using Barge.Server.Http;
using Barge.Server.Weaviate.Filters;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Barge.Server.Weaviate;

/// <summary>
/// <c>DELETE /v1/batch/objects</c> (spec §3): delete by class and where filter, at most QUERY_MAXIMUM_RESULTS per
/// call, oldest first, with a dry run; plus the extension field <c>results.remaining</c>.
/// </summary>
public static class BatchDeleteApi
{
    /// <summary>Maps <c>DELETE /batch/objects</c> in v1's batch group (<see cref="WeaviateBatchRoutes"/>).</summary>
    public static void MapWeaviateBatchDelete(this RouteGroupBuilder v1) => v1.MapDelete("/batch/objects", DeleteAsync);

    private static async Task<IResult> DeleteAsync(HttpContext http, DeleteByQueryService deletes, SchemaService schema, BargeOptions options)
    {
        if ((QueryParameters.CheckConsistencyLevel(http) ?? QueryParameters.CheckTenant(http)) is { } bad) return bad;
        // dryRun is Weaviate's body field here; only atomic comes from the query.
        var atomic = BatchRequests.Flag(http, "atomic", out var atomicError);
        if (atomicError is not null) return Invalid(atomicError);
        var body = await JsonBody.ReadAsync(http, options);
        if (body.Error is not null) return body.Error;
        if (body.Node is not JsonObject request)
            return WeaviateResults.Framework(601, $"body in body must be of type object: \"{ObjectWire.KindName(body.Node)}\"");

        var output = "minimal";
        if (request["output"] is { } outputNode)
        {
            if (outputNode.GetValueKind() != JsonValueKind.String) return Invalid($"validate: invalid output: \"{outputNode.ToJsonString()}\", possible values are: \"minimal\", \"verbose\"");
            output = (string)outputNode!;
        }
        var dryRun = false;
        if (request["dryRun"] is { } dryRunNode)
        {
            if (dryRunNode.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                return WeaviateResults.Framework(601, $"dryRun in body must be of type boolean: \"{ObjectWire.KindName(dryRunNode)}\"");
            dryRun = (bool)dryRunNode!;
        }
        long? deletionTime = null;
        if (request["deletionTimeUnixMilli"] is { } timeNode)
        {
            if (timeNode.GetValueKind() != JsonValueKind.Number || !timeNode.AsValue().TryGetValue(out long t))
                return WeaviateResults.Framework(601, $"deletionTimeUnixMilli in body must be of type int64: \"{ObjectWire.KindName(timeNode)}\"");
            deletionTime = t;
        }

        if (request["match"] is not JsonObject match) return Invalid("validate: empty match clause");
        var className = match["class"]?.GetValueKind() == JsonValueKind.String ? (string)match["class"]! : "";
        if (className.Length == 0) return Invalid("validate: empty match.class clause");
        if (match["where"] is not JsonObject where) return Invalid("validate: empty match.where clause");
        if (await schema.FindAsync(className, http.RequestAborted) is not { } cls) return Invalid($"validate: failed to get class: {className}, with err=<nil>");
        var parsed = WhereFilterParser.Parse(JsonSerializer.Deserialize<JsonElement>(where.ToJsonString()));
        if (!parsed.Succeeded) return Invalid($"validate: failed to parse where filter: {parsed.Error}");
        if (FilterValidator.Validate(parsed.Filter!, cls, schema.Find, out var filter, options.FilterLimits) is { } invalid)
            return Invalid($"validate: invalid where filter: {invalid}");
        if (output is not ("minimal" or "verbose"))
            return Invalid($"validate: invalid output: \"{output}\", possible values are: \"minimal\", \"verbose\"");
        // Search-time errors (timestamps or null state not indexed, only stopwords) surface in Weaviate when the
        // query runs and get a 500 there (spec §3.1). They are the caller's input, not a server fault: Barge answers
        // 422 with Weaviate's message, so no input ever produces a 500.
        if (FilterValidator.FindSearchError(filter) is { } searchError)
            return Invalid($"batch delete objects: {searchError}");

        var tenant = QueryParameters.Tenant(http);
        // Without this check a tenant class would be searched in "no tenant" and silently match nothing.
        if (cls.MultiTenancyEnabled && string.IsNullOrEmpty(tenant))
            return Invalid($"class {cls.Name} has multi-tenancy enabled, but request was without tenant");
        if (!cls.MultiTenancyEnabled && !string.IsNullOrEmpty(tenant))
            return Invalid($"class {cls.Name} has multi-tenancy disabled, but request was with tenant");

        var result = await deletes.DeleteAsync(cls.Name, tenant, filter, BatchRequests.From(http, options, "weaviate.batch.delete", dryRun, atomic), http.RequestAborted);
        http.Response.Headers[BatchRequests.IdHeader] = result.BatchId;
        BatchCountHeaders.Set(http, result.Successful, result.Failed);

        var listed = result.Items.Where(i => output == "verbose" || i.Status == DeleteItemStatus.Failed).ToList();
        var objects = listed.Count == 0 ? null : new JsonArray(listed.Select(i =>
        {
            var o = new JsonObject { ["id"] = i.Id, ["status"] = i.Status switch { DeleteItemStatus.Success => "SUCCESS", DeleteItemStatus.Failed => "FAILED", _ => "DRYRUN" } };
            if (i.Error is not null) o["errors"] = new JsonObject { ["error"] = new JsonArray(new JsonObject { ["message"] = i.Error.Message }) };
            return (JsonNode)o;
        }).ToArray());

        return WeaviateResults.Ok(new JsonObject
        {
            ["match"] = new JsonObject { ["class"] = className, ["where"] = WhereFilterJson.ToJson(parsed.Filter!) },
            ["output"] = output,
            ["dryRun"] = dryRun,
            ["deletionTimeUnixMilli"] = deletionTime ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            ["results"] = new JsonObject
            {
                ["matches"] = result.Matches,
                ["limit"] = result.Limit,
                ["successful"] = result.Successful,
                ["failed"] = result.Failed,
                ["objects"] = objects,
                ["remaining"] = result.Remaining,
            },
        });
    }

    private static IResult Invalid(string message) => WeaviateResults.Error(StatusCodes.Status422UnprocessableEntity, message);
}
