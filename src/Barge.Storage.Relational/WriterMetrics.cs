using System.Diagnostics.Metrics;
using Barge.Core.Telemetry;

namespace Barge.Storage.Relational;

/// <summary>
/// The writer's instruments, on a meter named like Core's (<see cref="BargeMetrics.MeterName"/>) so that one
/// exporter subscription sees both. Recorded once per transaction, never per job or object.
/// </summary>
internal static class WriterMetrics
{
    private static readonly Meter Meter = new(BargeMetrics.MeterName);

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
