using System.Text.Json;
using Barge.Core.Batching;
using Barge.Core.Journal;
using Barge.Core.Objects;
using Barge.Server.BatchService;
using Barge.Server.Hosting;
using Barge.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Barge.Server.Weaviate;

/// <summary>
/// <c>POST /v1/batch/objects</c> (spec §1): per-item answers in input order, with count headers. Extensions:
/// <c>?dryRun=true</c> (validate and answer, write nothing), <c>?atomic=true</c> (all or nothing),
/// <c>Idempotency-Key</c>, and the journal id of the batch in <c>X-Batch-Id</c>.
/// </summary>
public static class BatchObjectsApi
{
    private static readonly string[] FieldNames = ["ALL", "class", "schema", "id", "creationTimeUnix"];

    /// <summary>Maps <c>POST /batch/objects</c> in v1's batch group (<see cref="WeaviateBatchRoutes"/>).</summary>
    public static void MapWeaviateBatchObjects(this RouteGroupBuilder v1) => v1.MapPost("/batch/objects", ImportAsync);

    private static async Task<IResult> ImportAsync(HttpContext http, ObjectBatchService batches, BargeOptions options)
    {
        if (QueryParameters.CheckConsistencyLevel(http) is { } bad) return bad;
        if (JournalFlags(http, out var dryRun, out var atomic) is { } badFlag) return badFlag;
        // Nothing read from the body outlives the answer (stored values are copies), so its buffers are pooled.
        var body = await JsonBody.ReadAsync(http, options, releaseAfterResponse: true);
        if (body.Error is not null) return body.Error;
        // Read from the parsed elements, not the tree: see ObjectWire.Read.
        var request = body.Element;
        if (request.ValueKind != JsonValueKind.Object)
            return WeaviateResults.Framework(601, $"body in body must be of type object: \"{ObjectWire.KindName(request.ValueKind)}\"");
        if (ObjectWire.Member(request, "fields") is { } fields)
        {
            if (fields.ValueKind != JsonValueKind.Array) return WeaviateResults.Framework(601, $"fields in body must be of type array: \"{ObjectWire.KindName(fields.ValueKind)}\"");
            var i = 0;
            foreach (var field in fields.EnumerateArray())
            {
                if (field.ValueKind != JsonValueKind.String || !FieldNames.Contains(field.GetString()))
                    return WeaviateResults.Framework(606, $"fields.{i} in body should be one of [ALL class schema id creationTimeUnix]");
                i++;
            }
        }
        var objectsNode = ObjectWire.Member(request, "objects");
        if (objectsNode is { ValueKind: not JsonValueKind.Array } notArray)
            return WeaviateResults.Framework(601, $"objects in body must be of type array: \"{ObjectWire.KindName(notArray.ValueKind)}\"");
        var count = objectsNode?.GetArrayLength() ?? 0;
        if (count == 0)
            return WeaviateResults.Error(StatusCodes.Status422UnprocessableEntity, "invalid param 'objects': cannot be empty, need at least one object for batching");
        BatchCountHeaders.RecordItems(http, count);
        if (count > options.MaxBatchItems)
            return WeaviateResults.Framework(413, $"too many objects in one batch: {count}, the limit is {options.MaxBatchItems} (BARGE_MAX_BATCH_ITEMS)");

        var objects = new JsonElement[count];
        var inputs = new ObjectInput[count];
        var index = 0;
        foreach (var item in objectsNode!.Value.EnumerateArray())
        {
            var (input, error) = ObjectWire.Read(item, $"body.objects.{index}.");
            if (error is not null) return WeaviateResults.Framework(601, error);
            objects[index] = item;
            inputs[index++] = input!;
        }

        var result = await batches.ImportAsync(inputs, BatchRequests.From(http, options, "weaviate.batch.objects", dryRun, atomic), http.RequestAborted);
        http.Response.Headers[BatchRequests.IdHeader] = result.BatchId;
        BatchCountHeaders.Set(http, result.Succeeded, result.Failed);
        return new StreamedJsonResult(StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartArray();
            foreach (var item in result.Items) WriteItem(writer, item, objects[item.Index], result.TimestampUnixMs);
            writer.WriteEndArray();
        });
    }

    /// <summary>The extension flags of the write batch routes: <c>?dryRun=true</c> and <c>?atomic=true</c>.</summary>
    public static IResult? JournalFlags(HttpContext http, out bool dryRun, out bool atomic)
    {
        dryRun = BatchRequests.Flag(http, "dryRun", out var dryRunError);
        atomic = BatchRequests.Flag(http, "atomic", out var atomicError);
        return (dryRunError ?? atomicError) is { } error ? WeaviateResults.Error(StatusCodes.Status422UnprocessableEntity, error) : null;
    }

    /// <summary>
    /// One answer item: the object as stored (normalized) on success; on failure what was sent, with the id and
    /// timestamps it would have had. Then <c>deprecations</c> and <c>result</c>, as Weaviate answers.
    /// </summary>
    private static void WriteItem(Utf8JsonWriter w, ObjectBatchItem item, JsonElement sent, long now)
    {
        w.WriteStartObject();
        if (item.Stored is { } stored)
        {
            w.WriteString("class", stored.Class);
            w.WriteNumber("creationTimeUnix", stored.CreationTimeUnix);
            w.WriteString("id", stored.Id);
            w.WriteNumber("lastUpdateTimeUnix", stored.LastUpdateTimeUnix);
            w.WritePropertyName("properties");
            stored.WriteProperties(w);
            if (stored.Tenant is not null) w.WriteString("tenant", stored.Tenant);
            if (stored.Vector is not null)
            {
                w.WriteStartArray("vector");
                foreach (var f in stored.Vector) w.WriteNumberValue(f);
                w.WriteEndArray();
            }
        }
        else
        {
            if (item.Input.Class is null) w.WriteNull("class");
            else w.WriteString("class", item.Input.Class);
            w.WriteNumber("creationTimeUnix", now);
            w.WriteString("id", item.Id);
            w.WriteNumber("lastUpdateTimeUnix", now);
            w.WritePropertyName("properties");
            if (ObjectWire.Member(sent, "properties") is { } props) props.WriteTo(w);
            else w.WriteNullValue();
            if (item.Input.Tenant is { Length: > 0 } tenant) w.WriteString("tenant", tenant);
            if (ObjectWire.Member(sent, "vector") is { } vector)
            {
                w.WritePropertyName("vector");
                vector.WriteTo(w);
            }
        }
        w.WriteNull("deprecations");
        w.WriteStartObject("result");
        if (item.Succeeded)
        {
            w.WriteString("status", "SUCCESS");
        }
        else
        {
            w.WriteString("status", "FAILED");
            w.WriteStartObject("errors");
            w.WriteStartArray("error");
            w.WriteStartObject();
            w.WriteString("message", item.Error!.Message);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
