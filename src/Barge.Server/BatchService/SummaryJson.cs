using System.Globalization;
using System.Text.Json.Nodes;
using Barge.Core.Journal;

namespace Barge.Server.BatchService;

/// <summary>
/// A journal entry in the batch service's summary shape (seeds/003): <c>_id, user, environment, timestamp, service,
/// name, reason, source, status, message, summary</c>. <c>summary</c> is keyed by collection (the document's kind),
/// then by the UTC day of the write, listing the objects as the caller named them (an element's <c>_id</c> in the
/// batch service, the object id elsewhere), with <c>failures</c> beside them mapping each failed item's index to its
/// id and reason. Both lists stop at <see cref="MaxListed"/> so that a million-item batch stays readable; <c>listed</c>
/// says how many of how many each shows, the rest is paged by <c>/objects</c> and <c>/failures</c>. Barge adds
/// <c>counts</c>, <c>listed</c>, <c>started</c>, <c>ended</c>, <c>durationMs</c>, <c>dryRun</c> and <c>atomic</c>.
/// Collection names start upper-case, so none can clash with <c>failures</c>.
/// </summary>
public static class SummaryJson
{
    public const int MaxListed = 1000;

    /// <summary>The summary with its first objects and failures read from the journal (nothing read when <paramref name="withLists"/> is false).</summary>
    public static async Task<JsonObject> ReadAsync(JournalService journal, JournalEntry e, CancellationToken ct, bool withLists = true)
    {
        if (!withLists) return Of(e, null, null);
        var objects = await journal.ObjectsAsync(e, 0, MaxListed, ct);
        var failures = await journal.FailuresAsync(e, 0, MaxListed, ct);
        return Of(e, objects, failures);
    }

    public static JsonObject Of(JournalEntry e, JournalObjectPage? objects, JournalFailurePage? failures)
    {
        var json = new JsonObject
        {
            ["_id"] = e.Id,
            ["user"] = e.User,
            ["environment"] = e.Environment,
            ["timestamp"] = Timestamp(e.EndedMs ?? e.StartedMs),
            ["service"] = e.Service,
            ["name"] = e.Name,
            ["reason"] = e.Reason,
            ["source"] = e.Source,
            ["status"] = BatchStatusNames.Name(e.Status),
            ["message"] = e.Message,
        };
        if (objects is not null && failures is not null)
        {
            json["summary"] = Summary(e, objects, failures);
            json["listed"] = new JsonObject
            {
                ["objects"] = objects.Items.Count, ["objectsTotal"] = objects.Total,
                ["failures"] = failures.Items.Count, ["failuresTotal"] = failures.Total,
            };
        }
        json["counts"] = new JsonObject { ["total"] = e.Total, ["succeeded"] = e.Succeeded, ["failed"] = e.Failed };
        json["started"] = Iso(e.StartedMs);
        json["ended"] = e.EndedMs is { } ended ? Iso(ended) : null;
        json["durationMs"] = e.EndedMs is { } end ? end - e.StartedMs : null;
        json["dryRun"] = e.DryRun;
        json["atomic"] = e.Atomic;
        return json;
    }

    private static JsonObject Summary(JournalEntry e, JournalObjectPage objects, JournalFailurePage failures)
    {
        // A batch's objects are written in one transaction, at its end: that is their day.
        var day = Day(e.EndedMs ?? e.StartedMs);
        var summary = new JsonObject();
        foreach (var o in objects.Items)
        {
            if (summary[o.Class] is not JsonObject days) summary[o.Class] = days = [];
            if (days[day] is not JsonArray keys) days[day] = keys = [];
            keys.Add(o.Key);
        }
        var failed = new JsonObject();
        foreach (var f in failures.Items)
            failed[f.Index.ToString(CultureInfo.InvariantCulture)] = new JsonObject { ["id"] = f.Id, ["reason"] = f.Reason, ["code"] = f.Code is { } code ? Core.Errors.ItemErrorCodes.Name(code) : null };
        summary["failures"] = failed;
        return summary;
    }

    /// <summary>The document's timestamp form: UTC, milliseconds, no zone (<c>2024-01-06T16:20:27.433</c>).</summary>
    public static string Timestamp(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fff", CultureInfo.InvariantCulture);

    public static string Day(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Iso(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
