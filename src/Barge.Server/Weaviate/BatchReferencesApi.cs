using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Batching;
using Barge.Core.Journal;
using Barge.Server.BatchService;
using Barge.Server.Hosting;
using Barge.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Barge.Server.Weaviate;

/// <summary><c>POST /v1/batch/references</c> (spec §2): per-reference answers in input order.</summary>
public static class BatchReferencesApi
{
    /// <summary>Maps <c>POST /batch/references</c> in v1's batch group (<see cref="WeaviateBatchRoutes"/>).</summary>
    public static void MapWeaviateBatchReferences(this RouteGroupBuilder v1) => v1.MapPost("/batch/references", AddAsync);

    private static async Task<IResult> AddAsync(HttpContext http, ReferenceBatchService references, BargeOptions options)
    {
        if (QueryParameters.CheckConsistencyLevel(http) is { } bad) return bad;
        if (BatchObjectsApi.JournalFlags(http, out var dryRun, out var atomic) is { } badFlag) return badFlag;
        var (list, listError) = await ReadListAsync(http, options);
        if (listError is not null) return listError;

        var inputs = new ReferenceInput[list.Count];
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject item) return WeaviateResults.Framework(601, $"body.{i} in body must be of type object: \"{ObjectWire.KindName(list[i])}\"");
            if (Text(item, "from", i, out var from) is { } fromError) return fromError;
            if (Text(item, "to", i, out var to) is { } toError) return toError;
            if (Text(item, "tenant", i, out var tenant) is { } tenantError) return tenantError;
            inputs[i] = new ReferenceInput(from ?? "", to ?? "", tenant);
        }

        var added = await references.AddAsync(inputs, BatchRequests.From(http, options, "weaviate.batch.references", dryRun, atomic), http.RequestAborted);
        http.Response.Headers[BatchRequests.IdHeader] = added.BatchId;
        var results = added.Items;
        BatchCountHeaders.Set(http, results.Count(r => r.Succeeded), results.Count(r => !r.Succeeded));
        var answer = new JsonArray();
        foreach (var r in results)
        {
            var json = new JsonObject();
            if (r.Succeeded)
            {
                json["from"] = r.From;
                json["to"] = r.To;
                json["result"] = new JsonObject { ["status"] = "SUCCESS" };
            }
            else
            {
                json["result"] = new JsonObject
                {
                    ["status"] = "FAILED",
                    ["errors"] = new JsonObject { ["error"] = new JsonArray(new JsonObject { ["message"] = r.Error!.Message }) },
                };
            }
            answer.Add(json);
        }
        return WeaviateResults.Ok(answer);
    }

    /// <summary>The body of a reference batch (either dialect): a non-empty JSON array within the item limit.</summary>
    public static async Task<(JsonArray List, IResult? Error)> ReadListAsync(HttpContext http, BargeOptions options)
    {
        var body = await JsonBody.ReadAsync(http, options);
        if (body.Error is not null) return ([], body.Error);
        if (body.Node is not JsonArray list)
            return ([], WeaviateResults.Framework(601, $"body in body must be of type array: \"{ObjectWire.KindName(body.Node)}\""));
        if (list.Count == 0)
            return ([], WeaviateResults.Error(StatusCodes.Status422UnprocessableEntity, "invalid params: length cannot be 0, need at least one reference for batching"));
        BatchCountHeaders.RecordItems(http, list.Count);
        if (list.Count > options.MaxBatchItems)
            return ([], WeaviateResults.Framework(413, $"too many references in one batch: {list.Count}, the limit is {options.MaxBatchItems} (BARGE_MAX_BATCH_ITEMS)"));
        return (list, null);
    }

    private static IResult? Text(JsonObject item, string name, int index, out string? value)
    {
        value = null;
        if (item[name] is not { } node) return null;
        if (node.GetValueKind() != JsonValueKind.String)
            return WeaviateResults.Framework(601, $"body.{index}.{name} in body must be of type {(name == "tenant" ? "string" : "uri")}: \"{ObjectWire.KindName(node)}\"");
        value = (string)node!;
        return null;
    }
}
