using Barge.Core.Hat;
using Barge.Core.Journal;
using Barge.Core.Objects;
using Barge.Server.BatchService;
using Barge.Server.Hosting;
using Barge.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Barge.Server.Hat;

/// <summary><c>POST /api/v2.6/data-link?records=a&amp;records=b</c>: makes existing records one link group.</summary>
public static class HatLinkApi
{
    /// <summary>Maps <c>POST /data-link</c> in HAT's batch group (<see cref="HatRoutes"/>).</summary>
    public static void MapHatLink(this RouteGroupBuilder hat) => hat.MapPost("/data-link", PostAsync);

    private static async Task<IResult> PostAsync(HttpContext http, HatRecordService records, BargeOptions options)
    {
        if (HatBatchApi.DryRun(http, out var dryRun) is { } badFlag) return badFlag;
        var ids = HatDataApi.RecordIds(http).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (ids.Count < 2) return HatResults.Bad("a link needs at least two records: ?records=<recordId>&records=<recordId>");
        var found = await records.FindAsync(ids, http.RequestAborted);
        var missing = ids.Where((_, i) => found[i] is null).ToList();
        if (missing.Count > 0) return HatResults.Bad($"Could not link records: Records missing: {string.Join(", ", missing)}");
        var stored = found.OfType<StoredObject>().ToList();
        if (!HatAccess.MayWriteAll(http, stored)) return HatResults.Forbidden();
        var result = await records.LinkAsync(stored, BatchRequests.From(http, options, "hat.data-link", dryRun, atomic: true), http.RequestAborted);
        HatResults.BatchHeader(http, result.Run.Id);
        BatchCountHeaders.Set(http, result.Items.Count(i => i.Succeeded), result.Items.Count(i => !i.Succeeded));
        if (result.Items.FirstOrDefault(i => !i.Succeeded) is { } failed) return HatResults.Bad($"Could not link records: {failed.Error}");
        return HatResults.Message(StatusCodes.Status201Created, "Records linked");
    }
}
