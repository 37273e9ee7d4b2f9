using System.Globalization;
using System.Text.Json.Nodes;
using Barge.Core.Journal;

namespace Barge.Server.BatchService;

/// <summary>
/// A journal entry in the batch service's summary shape (seeds/003): <c>_id, user, environment, timestamp, service,
/// name, reason, source, status, message, summary</c>, where <c>summary</c> maps each collection to the ids the batch
/// wrote and <c>failures</c> maps each failed item's index to its id and reason. Barge adds <c>counts</c>,
/// <c>started</c>, <c>ended</c>, <c>durationMs</c>, <c>dryRun</c> and <c>atomic</c>. Collection names start upper-case,
/// so none can clash with <c>failures</c>.
/// </summary>
public static class SummaryJson
{
    public static JsonObject Of(JournalEntry e, IReadOnlyList<WrittenIds> written)
    {
        var summary = new JsonObject();
        foreach (var group in written)
        {
            if (summary[group.Class] is not JsonArray ids) summary[group.Class] = ids = [];
            foreach (var id in group.Ids) ids.Add(id);
        }
        var failures = new JsonObject();
        foreach (var f in e.Failures)
            failures[f.Index.ToString(CultureInfo.InvariantCulture)] = new JsonObject { ["id"] = f.Id, ["reason"] = f.Reason };
        summary["failures"] = failures;

        return new JsonObject
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
            ["summary"] = summary,
            ["counts"] = new JsonObject { ["total"] = e.Total, ["succeeded"] = e.Succeeded, ["failed"] = e.Failed },
            ["started"] = Iso(e.StartedMs),
            ["ended"] = e.EndedMs is { } ended ? Iso(ended) : null,
            ["durationMs"] = e.EndedMs is { } end ? end - e.StartedMs : null,
            ["dryRun"] = e.DryRun,
            ["atomic"] = e.Atomic,
        };
    }

    /// <summary>The document's timestamp form: UTC, milliseconds, no zone (<c>2024-01-06T16:20:27.433</c>).</summary>
    public static string Timestamp(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static string Iso(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
