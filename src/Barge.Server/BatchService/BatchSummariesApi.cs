using System.Globalization;
using System.Text.Json.Nodes;
using Barge.Core.Journal;
using Barge.Server.Hosting;
using Barge.Server.Weaviate;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Barge.Server.BatchService;

/// <summary>
/// <c>GET /api/batch/v1</c> (newest first; <c>name</c>, <c>status</c>, <c>since</c>, <c>until</c>; paged with
/// <c>_limit</c> and <c>_skip</c>, total in <c>x-total-count</c>), <c>GET</c> and <c>DELETE /api/batch/v1/{id}</c>.
/// A caller sees only their own batches unless admin; someone else's batch is answered as missing.
/// </summary>
public static class BatchSummariesApi
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 10_000;

    public static void MapBatchSummaries(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/batch/v1", ListAsync);
        routes.MapGet("/api/batch/v1/{id}", GetAsync);
        routes.MapDelete("/api/batch/v1/{id}", DeleteAsync);
    }

    private static async Task<IResult> ListAsync(HttpContext http, JournalService journal, BargeOptions options)
    {
        var q = http.Request.Query;
        BatchStatus? status = null;
        if (q["status"].ToString() is { Length: > 0 } statusText && (status = BatchStatusNames.Parse(statusText)) is null)
            return Bad($"status must be one of success, partial, failed, running, got '{statusText}'");
        if (Time(q["since"].ToString(), "since", out var since) is { } sinceError) return sinceError;
        if (Time(q["until"].ToString(), "until", out var until) is { } untilError) return untilError;
        if (Count(q["_limit"].ToString(), "_limit", DefaultLimit, 1, MaxLimit, out var limit) is { } limitError) return limitError;
        if (Count(q["_skip"].ToString(), "_skip", 0, 0, int.MaxValue, out var skip) is { } skipError) return skipError;
        var name = q["name"].ToString() is { Length: > 0 } n ? n : null;

        var page = await journal.ListAsync(new JournalQuery(name, status, since, until, null, limit, skip), BatchRequests.Viewer(http, options), http.RequestAborted);
        var list = new JsonArray();
        foreach (var entry in page.Entries) list.Add(SummaryJson.Of(entry, await journal.WrittenAsync(entry, http.RequestAborted)));
        http.Response.Headers["x-total-count"] = page.Total.ToString(CultureInfo.InvariantCulture);
        return WeaviateResults.Ok(list);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, JournalService journal, BargeOptions options)
    {
        if (await journal.GetAsync(id, BatchRequests.Viewer(http, options), http.RequestAborted) is not { } entry) return NotFound(id);
        return WeaviateResults.Ok(SummaryJson.Of(entry, await journal.WrittenAsync(entry, http.RequestAborted)));
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext http, JournalService journal, BargeOptions options) =>
        await journal.DeleteAsync(id, BatchRequests.Viewer(http, options), http.RequestAborted) ? Results.NoContent() : NotFound(id);

    public static IResult NotFound(string id) => ProblemResults.Problem(StatusCodes.Status404NotFound, $"no batch summary with id '{id}'");

    private static IResult Bad(string detail) => ProblemResults.Problem(StatusCodes.Status400BadRequest, detail);

    /// <summary>An ISO 8601 date-time (UTC when it has no zone) or Unix milliseconds.</summary>
    private static IResult? Time(string text, string name, out long? ms)
    {
        ms = null;
        if (text.Length == 0) return null;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var unix)) ms = unix;
        else if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)) ms = t.ToUnixTimeMilliseconds();
        else return Bad($"{name} must be an ISO 8601 date-time or Unix milliseconds, got '{text}'");
        return null;
    }

    private static IResult? Count(string text, string name, int fallback, int min, int max, out int value)
    {
        value = fallback;
        if (text.Length == 0) return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max) return null;
        return Bad($"{name} must be an integer from {min} to {max}, got '{text}'");
    }
}
