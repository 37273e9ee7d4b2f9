using Barge.Core.Hat;
using Barge.Core.Journal;
using Barge.Core.Objects;
using Barge.Server.BatchService;
using Barge.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Barge.Server.Hat;

/// <summary><c>POST /api/v2.6/data-link?records=a&amp;records=b</c>: makes existing records one link group.</summary>
public static class HatLinkApi
{
    public static void MapHatLink(this IEndpointRouteBuilder routes) =>
        routes.MapPost(HatBatchApi.Prefix + "/data-link", PostAsync).AddEndpointFilter(HatResults.BatchHeaders).AddEndpointFilter(HatResults.Refusals).AddEndpointFilter(HatResults.Idempotency);

    private static async Task<IResult> PostAsync(HttpContext http, HatRecordService records, BargeOptions options)
    {
        var ids = HatDataApi.RecordIds(http).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (ids.Count < 2) return HatResults.Bad("a link needs at least two records: ?records=<recordId>&records=<recordId>");
        var found = await records.FindAsync(ids, http.RequestAborted);
        var missing = ids.Where((_, i) => found[i] is null).ToList();
        if (missing.Count > 0) return HatResults.Bad($"Could not link records: Records missing: {string.Join(", ", missing)}");
        var stored = found.OfType<StoredObject>().ToList();
        if (!HatAccess.MayWriteAll(http, stored)) return HatResults.Forbidden();
        var result = await records.LinkAsync(stored, BatchRequests.From(http, options, "hat.data-link", atomic: true), http.RequestAborted);
        HatResults.BatchHeader(http, result.Run.Id);
        if (result.Items.FirstOrDefault(i => !i.Succeeded) is { } failed) return HatResults.Bad($"Could not link records: {failed.Error}");
        return HatResults.Message(StatusCodes.Status201Created, "Records linked");
    }
}
