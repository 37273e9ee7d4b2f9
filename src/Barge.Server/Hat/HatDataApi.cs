using System.Globalization;
using System.Text.Json;
using Barge.Core.Hat;
using Barge.Core.Journal;
using Barge.Core.Objects;
using Barge.Server.BatchService;
using Barge.Server.Hosting;
using Barge.Server.Http;
using Barge.Server.Weaviate;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Barge.Server.Hat;

/// <summary>
/// <c>GET|POST /api/v2.6/data/{namespace}/{endpoint}</c> (the endpoint may hold slashes) and
/// <c>DELETE /api/v2.6/data?records=…</c>.
/// </summary>
public static class HatDataApi
{
    private const int DefaultTake = 1000;

    /// <summary>The read, outside HAT's batch group.</summary>
    public static void MapHatDataReads(this IEndpointRouteBuilder routes) => routes.MapGet(HatBatchApi.Prefix + "/data/{ns}/{**endpoint}", GetAsync);

    /// <summary>The writes, in HAT's batch group (<see cref="HatRoutes"/>).</summary>
    public static void MapHatDataWrites(this RouteGroupBuilder hat)
    {
        hat.MapPost("/data/{ns}/{**endpoint}", PostAsync);
        hat.MapDelete("/data", DeleteAsync);
    }

    /// <summary><c>orderBy</c> (a field path in the data; default creation time), <c>ordering</c>, <c>skip</c>, <c>take</c>, <c>includeLinks</c>.</summary>
    private static async Task<IResult> GetAsync(HttpContext http, string ns, string endpoint, HatRecordService records, BargeOptions options)
    {
        var full = $"{ns}/{endpoint}";
        if (HatNames.FullEndpointError(full) is { } nameError) return HatResults.Bad(nameError);
        var q = http.Request.Query;
        var ordering = q["ordering"].ToString();
        if (ordering is not ("" or "ascending" or "descending")) return HatResults.Bad($"ordering must be ascending or descending, got '{ordering}'");
        var orderBy = q["orderBy"].ToString() is { Length: > 0 } o ? o : null;
        if (orderBy is not null && orderBy.Split('.').Any(s => s.Length == 0)) return HatResults.Bad($"orderBy '{orderBy}' must be a dot-separated field path");
        var skip = Int(q["skip"].ToString(), 0, "skip", out var skipError);
        var take = Int(q["take"].ToString(), DefaultTake, "take", out var takeError);
        if ((skipError ?? takeError) is { } error) return HatResults.Bad(error);
        if (take > options.QueryMaximumResults) return HatResults.Bad($"take must not be above {options.QueryMaximumResults} (QUERY_MAXIMUM_RESULTS)");
        var includeLinks = BatchRequests.Flag(http, "includeLinks", out var flagError);
        if (flagError is not null) return HatResults.Bad(flagError);
        var page = await records.ListAsync(full, orderBy, ordering == "descending", skip, take, includeLinks, http.RequestAborted);
        return HatResults.Records(StatusCodes.Status200OK, page);
    }

    /// <summary>One record (any JSON but an array) or an array of records' data; <c>skipErrors=true</c> saves the good ones.</summary>
    private static async Task<IResult> PostAsync(HttpContext http, string ns, string endpoint, HatRecordService records, BargeOptions options)
    {
        var full = $"{ns}/{endpoint}";
        if (HatNames.FullEndpointError(full) is { } nameError) return HatResults.Bad(nameError);
        var skipErrors = BatchRequests.Flag(http, "skipErrors", out var flagError);
        if (flagError is not null) return HatResults.Bad(flagError);
        if (HatBatchApi.DryRun(http, out var dryRun) is { } badFlag) return badFlag;
        var (body, bodyError) = await HatResults.ReadBodyAsync(http, options);
        if (bodyError is not null) return bodyError;
        var single = body.ValueKind != JsonValueKind.Array;
        var data = single ? [body] : body.EnumerateArray().ToList();
        var inputs = data.Select(d => new HatRecordInput(full, d, [])).ToList();
        return await HatBatchApi.SaveAsync(http, records, options, inputs, "hat.data", atomic: !skipErrors, single, dryRun);
    }

    /// <summary>All or nothing: any id that names no record fails the request and deletes nothing.</summary>
    private static async Task<IResult> DeleteAsync(HttpContext http, HatRecordService records, BargeOptions options)
    {
        if (HatBatchApi.DryRun(http, out var dryRun) is { } badFlag) return badFlag;
        var ids = RecordIds(http);
        if (ids.Count == 0) return HatResults.Bad("no records given: use ?records=<recordId>&records=…");
        var found = await records.FindAsync(ids, http.RequestAborted);
        var missing = ids.Where((_, i) => found[i] is null).ToList();
        if (missing.Count > 0) return HatResults.Bad($"Could not delete records: Records missing for deleting: {string.Join(", ", missing)}");
        var stored = found.OfType<StoredObject>().DistinctBy(o => o.Id).ToList();
        if (!HatAccess.MayWriteAll(http, stored)) return HatResults.Forbidden();
        var result = await records.DeleteAsync(stored, BatchRequests.From(http, options, "hat.delete", dryRun, atomic: true), http.RequestAborted);
        HatResults.BatchHeader(http, result.Run.Id);
        BatchCountHeaders.Set(http, result.Items.Count(i => i.Succeeded), result.Items.Count(i => !i.Succeeded));
        if (result.Items.FirstOrDefault(i => !i.Succeeded) is { } failed) return HatResults.Bad($"Could not delete records: {failed.Error}");
        return HatResults.Message(StatusCodes.Status200OK, "All records deleted");
    }

    /// <summary><c>records</c> repeated, or comma-separated in one value: both spellings reach HAT in the wild.</summary>
    internal static List<string> RecordIds(HttpContext http) =>
        http.Request.Query["records"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();

    private static int Int(string text, int fallback, string name, out string? error)
    {
        error = null;
        if (text.Length == 0) return fallback;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return value;
        error = $"{name} must be a non-negative integer, got '{text}'";
        return fallback;
    }
}
