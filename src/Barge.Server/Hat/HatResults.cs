using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Hat;
using Barge.Core.Journal;
using Barge.Server.Http;
using Barge.Server.BatchService;
using Barge.Server.Hosting;
using Barge.Server.Weaviate;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Barge.Server.Hat;

/// <summary>
/// HAT's answers: records as <c>{endpoint, recordId, data, links?}</c> and errors as its <c>ErrorMessage</c>
/// <c>{"message": "Bad Request", "cause": "…"}</c> (message = the status's reason phrase). Per-record failures are
/// listed under <c>errors</c>, our extension.
/// </summary>
public static class HatResults
{
    public static IResult Error(int status, string cause, IReadOnlyList<HatRecordError>? errors = null)
    {
        var body = new JsonObject { ["message"] = ReasonPhrases.GetReasonPhrase(status), ["cause"] = cause };
        if (errors is { Count: > 0 }) body["errors"] = new JsonArray(errors.Select(ErrorJson).ToArray<JsonNode?>());
        return WeaviateResults.Json(status, body);
    }

    public static IResult Bad(string cause, IReadOnlyList<HatRecordError>? errors = null) => Error(StatusCodes.Status400BadRequest, cause, errors);

    public static IResult Forbidden() =>
        Error(StatusCodes.Status403Forbidden, "Access Denied - No rights to insert some or all of the data in the batch");

    public static IResult Message(int status, string message) => WeaviateResults.Json(status, new JsonObject { ["message"] = message });

    /// <summary>Why a save failed as a whole: HAT's cause for duplicates, else the first record's error.</summary>
    public static IResult SaveFailed(IReadOnlyList<HatRecordError> errors) =>
        Bad(errors.Any(e => e.ExistingRecordId is not null) ? "Could not insert data - Duplicate data"
            : $"Could not insert data - {errors[0].Error}", errors);

    /// <summary>One record as HAT answers it, written straight out; its data is JSON text already and goes out as it is.</summary>
    public static IResult Record(int status, HatRecord record) => new StreamedJsonResult(status, w => Write(w, record));

    public static IResult Records(int status, IReadOnlyList<HatRecord> records) => new StreamedJsonResult(status, w =>
    {
        w.WriteStartArray();
        foreach (var r in records) Write(w, r);
        w.WriteEndArray();
    });

    private static void Write(Utf8JsonWriter w, HatRecord r)
    {
        w.WriteStartObject();
        w.WriteString("endpoint", r.Endpoint);
        w.WriteString("recordId", r.RecordId);
        w.WritePropertyName("data");
        w.WriteRawValue(r.Data, skipInputValidation: true);
        if (r.Links is not null)
        {
            w.WriteStartArray("links");
            foreach (var l in r.Links) Write(w, l);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    /// <summary>What HAT's batch group answers in HAT's error shape (bad input is 400).</summary>
    public static readonly BatchDialect Dialect = new("hat", (status, message) => Error(status, message), StatusCodes.Status400BadRequest);

    /// <summary>Names the journaled batch in the answer, as the other dialects do.</summary>
    public static void BatchHeader(HttpContext http, string batchId) => http.Response.Headers[BatchRequests.IdHeader] = batchId;

    private static JsonNode ErrorJson(HatRecordError e)
    {
        var o = new JsonObject { ["index"] = e.Index };
        if (e.Link is { } link) o["link"] = link;
        o["endpoint"] = e.Endpoint;
        o["error"] = e.Error;
        if (e.ExistingRecordId is { } existing) o["recordId"] = existing;
        return o;
    }

    /// <summary>
    /// The body as JSON within the size and depth limits, or HAT's 400/413. The document is pooled and released with
    /// the response: a save keeps only what it writes from it.
    /// </summary>
    public static async Task<(JsonElement Body, IResult? Error)> ReadBodyAsync(HttpContext http, BargeOptions options)
    {
        var body = await JsonBody.ParseAsync(http, options, releaseAfterResponse: true);
        return body.Problem switch
        {
            JsonBody.Problem.None => (body.Element, null),
            JsonBody.Problem.TooLarge => (default, Error(StatusCodes.Status413PayloadTooLarge, JsonBody.TooLargeMessage(options))),
            JsonBody.Problem.Empty => (default, Bad("the body is required")),
            _ => (default, Bad($"Invalid Json: {body.Reason}")),
        };
    }

    public static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
