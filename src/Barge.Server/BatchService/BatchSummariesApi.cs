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
/// <c>GET /api/batch/v1</c> (newest first; <c>name</c>, <c>status</c>, <c>class</c>, <c>since</c>, <c>until</c>;
/// <c>summary=false</c> leaves the lists out; paged with <c>_limit</c> and <c>_skip</c>, total in <c>x-total-count</c>),
/// <c>GET</c> and <c>DELETE /api/batch/v1/{id}</c>, and the pages of a batch's lists the summary cuts short:
/// <c>GET /api/batch/v1/{id}/objects</c> and <c>/failures</c> (same paging). A caller sees only their own batches
/// unless admin; someone else's batch is answered as missing.
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
        routes.MapGet("/api/batch/v1/{id}/objects", ObjectsAsync);
        routes.MapGet("/api/batch/v1/{id}/failures", FailuresAsync);
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
        var withLists = BatchRequests.Flag(http, "summary", out var summaryError, fallback: true);
        if (summaryError is not null) return Bad(summaryError);
        var name = q["name"].ToString() is { Length: > 0 } n ? n : null;
        var cls = q["class"].ToString() is { Length: > 0 } k ? k : null;

        var query = new JournalQuery(name, status, since, until, null, limit, skip, cls);
        var page = await journal.ListAsync(query, BatchRequests.Viewer(http, options), http.RequestAborted);
        var list = new JsonArray();
        foreach (var entry in page.Entries) list.Add(await SummaryJson.ReadAsync(journal, entry, http.RequestAborted, withLists));
        http.Response.Headers["x-total-count"] = page.Total.ToString(CultureInfo.InvariantCulture);
        return WeaviateResults.Ok(list);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, JournalService journal, BargeOptions options)
    {
        if (await journal.GetAsync(id, BatchRequests.Viewer(http, options), http.RequestAborted) is not { } entry) return NotFound(id);
        return WeaviateResults.Ok(await SummaryJson.ReadAsync(journal, entry, http.RequestAborted));
    }

    /// <summary>The objects the batch wrote, a page at a time: collection, tenant, id, the caller's name, and where to read it.</summary>
    private static async Task<IResult> ObjectsAsync(string id, HttpContext http, JournalService journal, BargeOptions options)
    {
        if (Paging(http, out var limit, out var skip) is { } error) return error;
        if (await journal.GetAsync(id, BatchRequests.Viewer(http, options), http.RequestAborted) is not { } entry) return NotFound(id);
        var page = await journal.ObjectsAsync(entry, skip, limit, http.RequestAborted);
        var list = new JsonArray();
        foreach (var o in page.Items)
        {
            var href = $"/v1/objects/{Uri.EscapeDataString(o.Class)}/{Uri.EscapeDataString(o.Id)}" + (o.Tenant is { } t ? $"?tenant={Uri.EscapeDataString(t)}" : "");
            var item = new JsonObject { ["collection"] = o.Class, ["id"] = o.Id, ["key"] = o.Key, ["href"] = href };
            if (o.Tenant is not null) item["tenant"] = o.Tenant;
            list.Add(item);
        }
        http.Response.Headers["x-total-count"] = page.Total.ToString(CultureInfo.InvariantCulture);
        return WeaviateResults.Ok(list);
    }

    /// <summary>
    /// The batch's failed items, a page at a time, in item order: index, id (as the caller named it), reason, and the
    /// reason's code (null for a failure journaled before codes were kept).
    /// </summary>
    private static async Task<IResult> FailuresAsync(string id, HttpContext http, JournalService journal, BargeOptions options)
    {
        if (Paging(http, out var limit, out var skip) is { } error) return error;
        if (await journal.GetAsync(id, BatchRequests.Viewer(http, options), http.RequestAborted) is not { } entry) return NotFound(id);
        var page = await journal.FailuresAsync(entry, skip, limit, http.RequestAborted);
        var list = new JsonArray(page.Items.Select(f => (JsonNode)new JsonObject { ["index"] = f.Index, ["id"] = f.Id, ["reason"] = f.Reason, ["code"] = CodeName(f) }).ToArray());
        http.Response.Headers["x-total-count"] = page.Total.ToString(CultureInfo.InvariantCulture);
        return WeaviateResults.Ok(list);
    }

    private static string? CodeName(Core.Journal.BatchFailure f) => f.Code is { } code ? Core.Errors.ItemErrorCodes.Name(code) : null;

    private static IResult? Paging(HttpContext http, out int limit, out int skip)
    {
        skip = 0;
        return Count(http.Request.Query["_limit"].ToString(), "_limit", DefaultLimit, 1, MaxLimit, out limit)
               ?? Count(http.Request.Query["_skip"].ToString(), "_skip", 0, 0, int.MaxValue, out skip);
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
