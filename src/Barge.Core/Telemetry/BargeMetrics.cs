using System.Diagnostics.Metrics;

namespace Barge.Core.Telemetry;

/// <summary>
/// The instruments of the <c>Barge</c> meter that Core records: batches and their items as they end, and the
/// writer's transactions. One static meter for the process because the writer is made by a store before any host
/// exists; an instrument that no exporter listens to costs a flag check, so with metrics off recording is free. Every
/// instrument is recorded once per batch or per transaction, never per object. The host adds its own gauges to a
/// meter of the same name.
/// </summary>
public static class BargeMetrics
{
    public const string MeterName = "Barge";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Batches ended, by <c>service</c> (dialect and operation) and <c>outcome</c> (success, partial, failed).</summary>
    internal static readonly Counter<long> Batches = Meter.CreateCounter<long>(
        "barge.batches", "{batch}", "Batches ended, by service (dialect and operation) and outcome (success, partial, failed)");

    /// <summary>Items answered in batches, by <c>service</c> and <c>outcome</c> (success, failed).</summary>
    internal static readonly Counter<long> BatchItems = Meter.CreateCounter<long>(
        "barge.batch.items", "{item}", "Items (objects; references in reference batches) answered in batches, by service and outcome (success, failed)");

    /// <summary>Jobs (a batch, a schema change, a single write) committed together in one writer transaction.</summary>
    internal static readonly Histogram<int> GroupCommitSize = Meter.CreateHistogram(
        "barge.writer.group_commit.size", "{job}", "Jobs committed together in one writer transaction (group commit)",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64] });

    /// <summary>Seconds from BEGIN to COMMIT of one writer transaction (its jobs' work and the durable commit).</summary>
    internal static readonly Histogram<double> CommitDuration = Meter.CreateHistogram(
        "barge.writer.commit.duration", "s", "Seconds from BEGIN to COMMIT of one writer transaction",
        advice: new InstrumentAdvice<double>
        {
            HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        });
}
