using Barge.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace Barge.Core.Journal;

/// <summary>
/// What an operator sees of a batch that ended: one Information log line (id, service, user, counts, status,
/// duration) and the batch and item counters. Written from <see cref="BatchJournal"/>, where every batch of every
/// dialect ends. The line names the user by <see cref="BatchRequest.LogUser"/>, never by an API key, and carries no
/// part of the request body.
/// </summary>
internal static partial class BatchTelemetry
{
    public static void Ended(ILogger log, BatchRequest request, string id, BatchStatus status, int succeeded, int failed, long durationMs)
    {
        var outcome = BatchStatusNames.Name(status);
        var service = new KeyValuePair<string, object?>("service", request.Service);
        BargeMetrics.Batches.Add(1, service, new KeyValuePair<string, object?>("outcome", outcome));
        if (succeeded > 0) BargeMetrics.BatchItems.Add(succeeded, service, new KeyValuePair<string, object?>("outcome", "success"));
        if (failed > 0) BargeMetrics.BatchItems.Add(failed, service, new KeyValuePair<string, object?>("outcome", "failed"));
        BatchEnded(log, id, request.Service, request.LogUser ?? "unknown", outcome, succeeded, failed, durationMs, request.DryRun);
    }

    /// <summary>A batch whose write failed in the store (nothing committed): a warning, with the store's reason.</summary>
    public static void Failed(ILogger log, BatchRequest request, string id, long durationMs, Exception error)
    {
        BargeMetrics.Batches.Add(1, new KeyValuePair<string, object?>("service", request.Service), new KeyValuePair<string, object?>("outcome", "failed"));
        BatchFailedInStore(log, id, request.Service, request.LogUser ?? "unknown", durationMs, error.Message);
    }

    /// <summary>A failed batch whose end the journal could not record either (a full disk fails that write too).</summary>
    public static void EndNotRecorded(ILogger log, string id, Exception error) => BatchEndNotRecorded(log, id, error.Message);

    [LoggerMessage(EventId = 3, EventName = "BatchEndNotRecorded", Level = LogLevel.Warning,
        Message = "batch {BatchId}: its failure could not be recorded in the journal ({Reason}); recorded before the next batch begins")]
    private static partial void BatchEndNotRecorded(ILogger log, string batchId, string reason);

    [LoggerMessage(EventId = 1, EventName = "BatchEnded", Level = LogLevel.Information,
        Message = "batch {BatchId} {Service} user={User} status={Status} succeeded={Succeeded} failed={Failed} durationMs={DurationMs} dryRun={DryRun}")]
    private static partial void BatchEnded(ILogger log, string batchId, string service, string user, string status, int succeeded, int failed, long durationMs, bool dryRun);

    [LoggerMessage(EventId = 2, EventName = "BatchFailedInStore", Level = LogLevel.Warning,
        Message = "batch {BatchId} {Service} user={User} status=failed durationMs={DurationMs}: the store failed: {Reason}")]
    private static partial void BatchFailedInStore(ILogger log, string batchId, string service, string user, long durationMs, string reason);
}
