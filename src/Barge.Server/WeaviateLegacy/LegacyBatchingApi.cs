using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Batching;
using Barge.Core.Objects;
using Barge.Core.Schema;
using Barge.Server.BatchService;
using Barge.Server.Hosting;
using Barge.Server.Http;
using Barge.Server.Weaviate;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Barge.Server.WeaviateLegacy;

/// <summary>
/// <c>POST /v1/batching/things|actions|references</c> (spec §9): 0.x bodies mapped onto the same
/// <see cref="ObjectBatchService"/> and <see cref="ReferenceBatchService"/> as v1's batch routes. Items the 0.x layer
/// already knows to be bad (a bad beacon, a class of the other kind) fail alone and never reach the engine.
/// </summary>
public static class LegacyBatchingApi
{
    private static readonly string[] FieldNames = ["ALL", "class", "schema", "id", "creationTimeUnix"];

    /// <summary>The 0.x batch routes in one group under <c>/v1/batching</c>, in Weaviate's error shape as 0.23 answered.</summary>
    public static void MapWeaviateLegacyBatching(this IEndpointRouteBuilder routes)
    {
        var batching = routes.MapBatchGroup("/v1/batching", WeaviateBatchRoutes.Dialect);
        foreach (var kind in SemanticKinds.All)
            batching.MapPost($"/{kind}", (HttpContext http, ObjectBatchService batches, SchemaService schema, BargeOptions options) =>
                ImportAsync(http, batches, schema, options, kind));
        batching.MapPost("/references", LegacyBatchingReferences.AddAsync);
    }

    private static async Task<IResult> ImportAsync(HttpContext http, ObjectBatchService batches, SchemaService schema, BargeOptions options, string kind)
    {
        // Barge's extensions, as on v1's batch routes (0.23 had neither).
        if (BatchObjectsApi.JournalFlags(http, out var dryRun, out var atomic) is { } badFlag) return badFlag;
        var body = await JsonBody.ReadAsync(http, options);
        if (body.Error is not null) return body.Error;
        if (body.Node is not JsonObject request)
            return WeaviateResults.Framework(601, $"body in body must be of type object: \"{ObjectWire.KindName(body.Node)}\"");
        var (kept, fieldsError) = Fields(request["fields"]);
        if (fieldsError is not null) return fieldsError;
        if (request[kind] is { } listNode && listNode is not JsonArray)
            return WeaviateResults.Framework(601, $"{kind} in body must be of type array: \"{ObjectWire.KindName(listNode)}\"");
        if (request[kind] is not JsonArray { Count: > 0 } list)
            return WeaviateResults.Error(StatusCodes.Status422UnprocessableEntity,
                $"invalid param '{kind}': cannot be empty, need at least one {SemanticKinds.Singular(kind)} for batching");
        BatchCountHeaders.RecordItems(http, list.Count);
        if (list.Count > options.MaxBatchItems)
            return WeaviateResults.Framework(413, $"too many {kind} in one batch: {list.Count}, the limit is {options.MaxBatchItems} (BARGE_MAX_BATCH_ITEMS)");

        // sent[i] is the item after `fields` (what 0.23 validated); an error found before the engine goes in as refused,
        // so that the batch answers it and the journal counts it like any failed item.
        var sent = new JsonNode?[list.Count];
        var inputs = new ObjectInput[list.Count];
        for (var i = 0; i < list.Count; i++)
        {
            sent[i] = kept is null || list[i] is not JsonObject o ? list[i] : new JsonObject(o.Where(kv => kept.Contains(kv.Key)).Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.DeepClone())));
            var read = LegacyObjectWire.ToInput(sent[i], $"body.{kind}.{i}.");
            if (read.WireError is not null) return WeaviateResults.Framework(601, read.WireError);
            var input = read.Input!;
            var error = read.ItemError ?? (input.Class is { Length: > 0 } cls && SemanticKinds.Find(schema, kind, cls) is null
                // 0.x has no auto-schema: a class must have been created under this kind.
                ? $"class '{SchemaService.ClassNameFor(cls)}' not present in schema" : null);
            inputs[i] = error is null ? input : input with { Refused = error };
        }

        var result = await batches.ImportAsync(inputs, BatchRequests.From(http, options, $"weaviate0.batching.{kind}", dryRun, atomic), http.RequestAborted);
        http.Response.Headers[BatchRequests.IdHeader] = result.BatchId;
        var answers = new JsonNode?[list.Count];
        foreach (var item in result.Items)
            answers[item.Index] = Item(item.Stored, item.Input, item.Id, item.Error?.Message, sent[item.Index], result.TimestampUnixMs, schema);
        BatchCountHeaders.Set(http, result.Succeeded, result.Failed);
        return WeaviateResults.Ok(new JsonArray(answers));
    }

    /// <summary>
    /// <c>fields</c> as 0.23 honoured it: the members each item keeps (null: all, for absent, empty or <c>ALL</c>).
    /// <c>creationTimeUnix</c> is always the server's, so keeping it changes nothing.
    /// </summary>
    private static (HashSet<string>? Kept, IResult? Error) Fields(JsonNode? fields)
    {
        if (fields is null) return (null, null);
        if (fields is not JsonArray list) return (null, WeaviateResults.Framework(601, $"fields in body must be of type array: \"{ObjectWire.KindName(fields)}\""));
        var kept = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i]?.GetValueKind() != JsonValueKind.String || !FieldNames.Contains((string)list[i]!))
                return (null, WeaviateResults.Framework(606, $"fields.{i} in body should be one of [{string.Join(' ', FieldNames)}]"));
            kept.Add((string)list[i]!);
        }
        return kept.Count == 0 || kept.Contains("ALL") ? (null, null) : (kept, null);
    }

    /// <summary>
    /// One answer: the stored object (0.x beacons) on success, what was sent on failure; <c>lastUpdateTimeUnix</c> is
    /// 0 in 0.23's answer and so omitted; <c>result</c> is empty on success, not <c>{"status":"SUCCESS"}</c>.
    /// </summary>
    private static JsonObject Item(StoredObject? stored, ObjectInput input, string id, string? error, JsonNode? sent, long now, SchemaService schema)
    {
        var json = stored is not null
            ? LegacyObjectWire.Write(stored, schema, withHref: false)
            : new JsonObject { ["class"] = input.Class, ["creationTimeUnix"] = now, ["id"] = id, ["schema"] = sent?["schema"]?.DeepClone() };
        json.Remove("lastUpdateTimeUnix");
        json["deprecations"] = null;
        json["result"] = error is null ? new JsonObject()
            : new JsonObject { ["errors"] = new JsonObject { ["error"] = new JsonArray(new JsonObject { ["message"] = error }) } };
        return json;
    }
}
