using System.Text.Json;
using Barge.Core.Hat;
using Barge.Core.Journal;
using Barge.Server.BatchService;
using Barge.Server.Hosting;
using Barge.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Barge.Server.Hat;

/// <summary>
/// <c>POST /api/v2.6/data-batch</c>: an array of <c>{endpoint, data, links?}</c>, saved all or nothing (HAT writes it in
/// one transaction). 201 with every record echoed with its <c>recordId</c> and links, in input order; 400 when any
/// record fails; 403 when any namespace may not be written.
/// </summary>
public static class HatBatchApi
{
    public const string Prefix = "/api/v2.6";

    /// <summary>Maps <c>POST /data-batch</c> in HAT's batch group (<see cref="HatRoutes"/>).</summary>
    public static void MapHatBatch(this RouteGroupBuilder hat) => hat.MapPost("/data-batch", PostAsync);

    private static async Task<IResult> PostAsync(HttpContext http, HatRecordService records, BargeOptions options)
    {
        if (DryRun(http, out var dryRun) is { } badFlag) return badFlag;
        var (body, bodyError) = await HatResults.ReadBodyAsync(http, options);
        if (bodyError is not null) return bodyError;
        if (body.ValueKind != JsonValueKind.Array) return HatResults.Bad("the body must be an array of {endpoint, data, links}");
        var inputs = new List<HatRecordInput>(body.GetArrayLength());
        var i = 0;
        foreach (var item in body.EnumerateArray())
        {
            if (Record(item, $"record {i++}", out var error) is not { } input) return HatResults.Bad(error!);
            inputs.Add(input);
        }
        return await SaveAsync(http, records, options, inputs, "hat.data-batch", atomic: true, single: false, dryRun);
    }

    /// <summary>Barge's <c>?dryRun=true</c> on HAT's write routes, as on the other dialects' batch routes: checks, journals, writes nothing.</summary>
    internal static IResult? DryRun(HttpContext http, out bool dryRun)
    {
        dryRun = BatchRequests.Flag(http, "dryRun", out var error);
        return error is null ? null : HatResults.Bad(error);
    }

    /// <summary>Checks rights and size, saves through Core and answers as HAT does (shared with <c>POST /data/{ns}/{ep}</c>).</summary>
    internal static async Task<IResult> SaveAsync(HttpContext http, HatRecordService records, BargeOptions options,
        IReadOnlyList<HatRecordInput> inputs, string service, bool atomic, bool single, bool dryRun)
    {
        var total = inputs.Sum(r => 1 + r.Links.Count);
        if (total > options.MaxBatchItems)
            return HatResults.Error(StatusCodes.Status413PayloadTooLarge, $"too many records in one batch: {total}, the limit is {options.MaxBatchItems} (BARGE_MAX_BATCH_ITEMS)");
        if (!HatAccess.MayWriteAll(http, inputs.SelectMany(r => r.Links.Prepend(r)).Select(r => r.Endpoint))) return HatResults.Forbidden();
        var result = await records.SaveAsync(inputs, BatchRequests.From(http, options, service, dryRun, atomic), http.RequestAborted);
        HatResults.BatchHeader(http, result.BatchId);
        // Counted as the journal counts them (a record and each of its links is an item), so that a replay says the same.
        var saved = result.Saved.Sum(r => 1 + (r.Links?.Count ?? 0));
        BatchCountHeaders.Set(http, saved, total - saved);
        if (atomic && !result.Succeeded) return HatResults.SaveFailed(result.Errors);
        return single ? HatResults.Record(StatusCodes.Status201Created, result.Saved.Single()) : HatResults.Records(StatusCodes.Status201Created, result.Saved);
    }

    /// <summary>One <c>EndpointData</c>; links are records of the same shape without links of their own.</summary>
    private static HatRecordInput? Record(JsonElement item, string where, out string? error, bool isLink = false)
    {
        error = null;
        if (item.ValueKind != JsonValueKind.Object) { error = $"{where} must be an object {{endpoint, data, links}}"; return null; }
        if (!item.TryGetProperty("endpoint", out var ep) || ep.ValueKind != JsonValueKind.String) { error = $"{where}: endpoint must be a string"; return null; }
        var links = new List<HatRecordInput>();
        if (item.TryGetProperty("links", out var list) && list.ValueKind != JsonValueKind.Null)
        {
            if (isLink || list.ValueKind != JsonValueKind.Array)
            {
                error = isLink ? $"{where}: a linked record cannot have links" : $"{where}: links must be an array";
                return null;
            }
            var j = 0;
            foreach (var linked in list.EnumerateArray())
            {
                if (Record(linked, $"{where}, link {j++}", out error, isLink: true) is not { } link) return null;
                links.Add(link);
            }
        }
        return new HatRecordInput(ep.GetString()!, item.TryGetProperty("data", out var data) ? data : null, links);
    }
}
