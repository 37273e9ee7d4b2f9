using System.Diagnostics.Metrics;
using Barge.Core.Journal;
using Barge.Core.Telemetry;

namespace Barge.Server.Observability;

/// <summary>
/// The write path's gauges, read from the <see cref="IngestMeter"/> that already counts them for Weaviate's
/// <c>batchStats</c> (nothing is counted twice). Made on this host's own <c>Barge</c> meter, which the host disposes,
/// so that the callbacks do not outlive the server.
/// </summary>
internal sealed class IngestGauges
{
    public IngestGauges(IMeterFactory meters, IngestMeter ingest)
    {
        var meter = meters.Create(BargeMetrics.MeterName);
        meter.CreateObservableGauge("barge.writer.queue.depth", () => ingest.QueueLength, "{object}",
            "Objects handed to the writer and not yet committed");
        meter.CreateObservableGauge("barge.ingest.rate", () => ingest.RatePerSecond, "{object}/s",
            $"Objects committed per second, averaged over the last {IngestMeter.WindowSeconds} s");
    }
}
