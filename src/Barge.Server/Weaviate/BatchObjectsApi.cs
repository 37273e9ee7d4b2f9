using System.Globalization;
using System.Text.Json.Nodes;
using Barge.Core.Batching;
using Barge.Core.Objects;
using Barge.Server.Hosting;
using Barge.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Barge.Server.Weaviate;

/// <summary><c>POST /v1/batch/objects</c> (spec §1): per-item answers in input order, with count headers.</summary>
public static class BatchObjectsApi
{
    private static readonly string[] FieldNames = ["ALL", "class", "schema", "id", "creationTimeUnix"];

    public static void MapWeaviateBatchObjects(this IEndpointRouteBuilder routes) =>
        routes.MapPost("/v1/batch/objects", ImportAsync);

    private static async Task<IResult> ImportAsync(HttpContext http, ObjectBatchService batches, BargeOptions options)
    {
        if (QueryParameters.CheckConsistencyLevel(http) is { } bad) return bad;
        var body = await JsonBody.ReadAsync(http, options);
        if (body.Error is not null) return body.Error;
        if (body.Node is not JsonObject request)
            return WeaviateResults.Framework(601, $"body in body must be of type object: \"{ObjectWire.KindName(body.Node)}\"");
        if (request["fields"] is { } fields)
        {
            if (fields is not JsonArray fieldList) return WeaviateResults.Framework(601, $"fields in body must be of type array: \"{ObjectWire.KindName(fields)}\"");
            for (var i = 0; i < fieldList.Count; i++)
                if (fieldList[i]?.GetValueKind() != System.Text.Json.JsonValueKind.String || !FieldNames.Contains((string)fieldList[i]!))
                    return WeaviateResults.Framework(606, $"fields.{i} in body should be one of [ALL class schema id creationTimeUnix]");
        }
        if (request["objects"] is { } objectsNode && objectsNode is not JsonArray)
            return WeaviateResults.Framework(601, $"objects in body must be of type array: \"{ObjectWire.KindName(objectsNode)}\"");
        if (request["objects"] is not JsonArray { Count: > 0 } objects)
            return WeaviateResults.Error(StatusCodes.Status422UnprocessableEntity, "invalid param 'objects': cannot be empty, need at least one object for batching");
        if (objects.Count > options.MaxBatchItems)
            return WeaviateResults.Framework(413, $"too many objects in one batch: {objects.Count}, the limit is {options.MaxBatchItems} (BARGE_MAX_BATCH_ITEMS)");

        var inputs = new ObjectInput[objects.Count];
        for (var i = 0; i < objects.Count; i++)
        {
            var (input, error) = ObjectWire.Read(objects[i], $"body.objects.{i}.");
            if (error is not null) return WeaviateResults.Framework(601, error);
            inputs[i] = input!;
        }

        var result = await batches.ImportAsync(inputs, http.RequestAborted);
        SetCountHeaders(http, result.Succeeded, result.Failed);
        var answer = new JsonArray();
        foreach (var item in result.Items) answer.Add(ItemJson(item, (JsonObject)objects[item.Index]!, result.TimestampUnixMs));
        return WeaviateResults.Ok(answer);
    }

    /// <summary>Count headers let proxies and log shippers see failures without parsing the body.</summary>
    public static void SetCountHeaders(HttpContext http, int succeeded, int failed)
    {
        http.Response.Headers["X-Batch-Succeeded"] = succeeded.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers["X-Batch-Failed"] = failed.ToString(CultureInfo.InvariantCulture);
    }

    private static JsonObject ItemJson(ObjectBatchItem item, JsonObject sent, long now)
    {
        JsonObject json;
        if (item.Stored is { } stored)
        {
            json = ObjectWire.Write(stored, null, includeVector: true, withHref: false);
        }
        else
        {
            // A failed item echoes what was sent, with the id and timestamps it would have had.
            json = new JsonObject
            {
                ["class"] = item.Input.Class,
                ["creationTimeUnix"] = now,
                ["id"] = item.Id,
                ["lastUpdateTimeUnix"] = now,
                ["properties"] = sent["properties"]?.DeepClone(),
            };
            if (item.Input.Tenant is { Length: > 0 } tenant) json["tenant"] = tenant;
            if (sent["vector"] is { } vector) json["vector"] = vector.DeepClone();
        }
        json["deprecations"] = null;
        json["result"] = item.Succeeded
            ? new JsonObject { ["status"] = "SUCCESS" }
            : new JsonObject
            {
                ["status"] = "FAILED",
                ["errors"] = new JsonObject { ["error"] = new JsonArray(new JsonObject { ["message"] = item.Error }) },
            };
        return json;
    }
}
