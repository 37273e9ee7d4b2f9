using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Batching;
using Barge.Core.Journal;
using Barge.Server.Http;
using Barge.Server.Hosting;
using Barge.Server.Weaviate;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Barge.Server.BatchService;

/// <summary>
/// <c>POST /api/batch/v1</c>: <c>{"_id", "_type": "VarBatch", "elements": [{"_id", …}]}</c> (or a bare array of
/// elements). Each element is merged into the object its <c>_id</c> names, in the collection named by its
/// <c>_type</c>, else <c>?collection=</c>, else <see cref="DefaultCollection"/> (so that the document's example, which
/// names none, works as it stands); bad elements fail alone. The answer is the batch's summary.
/// </summary>
public static class BatchUpdateApi
{
    private const string BatchType = "VarBatch";
    public const string DefaultCollection = "Element";

    /// <summary>Maps <c>POST /api/batch/v1</c> in the batch service's group (<see cref="BatchServiceRoutes"/>).</summary>
    public static void MapBatchUpdate(this RouteGroupBuilder batches) => batches.MapPost("", PostAsync);

    private static async Task<IResult> PostAsync(HttpContext http, ElementBatchService elements, JournalService journal, BargeOptions options)
    {
        var dryRun = BatchRequests.Flag(http, "dryRun", out var dryRunError);
        var atomic = BatchRequests.Flag(http, "atomic", out var atomicError);
        if ((dryRunError ?? atomicError) is { } flagError) return Bad(flagError);
        var (node, bodyError) = await ReadAsync(http, options);
        if (bodyError is not null) return bodyError;

        string? batchId = null;
        JsonArray list;
        switch (node)
        {
            case JsonArray bare:
                list = bare;
                break;
            case JsonObject batch:
                if (batch["_id"] is { } idNode)
                {
                    if (idNode.GetValueKind() != JsonValueKind.String || ((string)idNode!).Length == 0) return Bad("_id of the batch must be a non-empty string");
                    batchId = (string)idNode!;
                    if (BatchIds.Problem("_id of the batch", batchId) is { } idError) return Bad(idError);
                }
                if (batch["_type"] is { } typeNode && (typeNode.GetValueKind() != JsonValueKind.String || (string)typeNode! != BatchType))
                    return Bad($"_type of the batch must be \"{BatchType}\", got {typeNode.ToJsonString()}");
                if (batch["elements"] is not JsonArray given) return Bad("elements must be an array of objects");
                list = given;
                break;
            default:
                return Bad("the body must be a batch object {\"_id\", \"_type\": \"VarBatch\", \"elements\": [...]} or an array of elements");
        }
        BatchCountHeaders.RecordItems(http, list.Count);
        if (list.Count > options.MaxBatchItems)
            return ProblemResults.Problem(StatusCodes.Status413PayloadTooLarge, $"too many elements in one batch: {list.Count}, the limit is {options.MaxBatchItems} (BARGE_MAX_BATCH_ITEMS)");

        var collection = http.Request.Query["collection"].ToString() is { Length: > 0 } c ? c : DefaultCollection;
        var request = BatchRequests.From(http, options, "batch.v1", dryRun, atomic, batchId);
        // The collection the request names is refused as a whole; elements naming others by _type fail alone.
        if (elements.Refusal(request.User, collection) is { } refusal) return ProblemResults.Problem(StatusCodes.Status403Forbidden, refusal);
        var inputs = list.Select(e => Element(e, collection)).ToList();
        var run = await elements.MergeAsync(inputs, request, http.RequestAborted);
        var viewer = new Viewer(request.User, IsAdmin: true); // the caller's own batch
        var entry = (await journal.GetAsync(run.Id, viewer, http.RequestAborted))!;
        http.Response.Headers[BatchRequests.IdHeader] = entry.Id;
        BatchCountHeaders.Set(http, entry.Succeeded, entry.Failed);
        return WeaviateResults.Ok(await SummaryJson.ReadAsync(journal, entry, http.RequestAborted));
    }

    /// <summary>One element as Core takes it; what cannot be read becomes that element's own failure.</summary>
    private static ElementInput Element(JsonNode? node, string collection)
    {
        if (node is not JsonObject element) return new ElementInput(null, null, null, "element must be a JSON object");
        string? key = null;
        if (element["_id"] is { } idNode && idNode.GetValueKind() == JsonValueKind.String && ((string)idNode!).Length > 0) key = (string)idNode!;
        var typeNode = element["_type"];
        var typeIsText = typeNode is null || typeNode.GetValueKind() == JsonValueKind.String;
        var type = typeIsText && typeNode is not null ? (string)typeNode! : null;
        var cls = type is { Length: > 0 } && type != BatchType ? type : collection;
        var properties = new JsonObject(element.Where(kv => kv.Key is not ("_id" or "_type")).Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.DeepClone())));
        var error = key is null ? "element has no _id (a non-empty string)"
            : !typeIsText ? $"element _type must be a string naming its collection, got {typeNode!.ToJsonString()}"
            : null;
        return new ElementInput(key, cls, properties, error);
    }

    /// <summary>The body as JSON within the size and depth limits, or the problem to answer.</summary>
    private static async Task<(JsonNode? Node, IResult? Error)> ReadAsync(HttpContext http, BargeOptions options)
    {
        var body = await JsonBody.ParseAsync(http, options);
        return body.Problem switch
        {
            JsonBody.Problem.None => (body.Node, null),
            JsonBody.Problem.TooLarge => (null, ProblemResults.Problem(StatusCodes.Status413PayloadTooLarge, JsonBody.TooLargeMessage(options))),
            JsonBody.Problem.Empty => (null, Bad("the body is required")),
            _ => (null, Bad($"the body is not valid JSON: {body.Reason}")),
        };
    }

    private static IResult Bad(string detail) => ProblemResults.Problem(StatusCodes.Status400BadRequest, detail);
}
