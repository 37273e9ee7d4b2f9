using System.Text.Json.Nodes;
using Barge.Core.Journal;
using Barge.Server.Hosting;
using Barge.Server.Http;
using Barge.Server.Weaviate;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Barge.Server.BatchService;

/// <summary>
/// <c>POST /api/batch/v1/{id}/undo[?dryRun=true]</c>: deletes the objects the batch created that nothing changed
/// since, lists what it deleted and what it skipped with the reason; the undo is journaled as <c>batch.undo</c>.
/// </summary>
public static class BatchUndoApi
{
    /// <summary>Maps <c>POST /api/batch/v1/{id}/undo</c> in the batch service's group (<see cref="BatchServiceRoutes"/>).</summary>
    public static void MapBatchUndo(this RouteGroupBuilder batches) => batches.MapPost("/{id}/undo", UndoAsync);

    private static async Task<IResult> UndoAsync(string id, HttpContext http, JournalService journal, BargeOptions options)
    {
        var dryRun = BatchRequests.Flag(http, "dryRun", out var flagError);
        if (flagError is not null) return ProblemResults.Problem(StatusCodes.Status400BadRequest, flagError);
        var request = BatchRequests.From(http, options, "batch.undo", dryRun) with { Reason = http.Request.Headers["X-Batch-Reason"].ToString() is { Length: > 0 } r ? r : $"undo of batch {id}" };
        var result = await journal.UndoAsync(id, BatchRequests.Viewer(http, options), request, http.RequestAborted);
        if (result is null) return BatchSummariesApi.NotFound(id);
        if (result.BatchId is not null) http.Response.Headers[BatchRequests.IdHeader] = result.BatchId;
        // The undo's own batch as the journal counts it (what a replay answers), a dry run's included.
        var undoBatch = result.BatchId is null ? null : await journal.GetAsync(result.BatchId, new Viewer(request.User, IsAdmin: true), http.RequestAborted);
        BatchCountHeaders.Set(http, undoBatch?.Succeeded ?? result.Deleted.Count, undoBatch?.Failed ?? 0);
        return WeaviateResults.Ok(new JsonObject
        {
            ["_id"] = result.UndoneId,
            ["undoBatch"] = result.BatchId,
            ["dryRun"] = result.DryRun,
            ["deleted"] = new JsonArray(result.Deleted.Select(Item).ToArray()),
            ["skipped"] = new JsonArray(result.Skipped.Select(Item).ToArray()),
        });
    }

    private static JsonNode Item(UndoItem item)
    {
        var json = new JsonObject { ["collection"] = item.Class, ["id"] = item.Id };
        if (item.Tenant is not null) json["tenant"] = item.Tenant;
        if (item.Reason is not null) json["reason"] = item.Reason;
        return json;
    }
}
