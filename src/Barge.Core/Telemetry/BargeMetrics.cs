using System.Diagnostics.Metrics;

namespace Barge.Core.Telemetry;

/// <summary>
/// The instruments of the <c>Barge</c> meter that Core records: batches and their items as they end. One static meter
/// for the process because a batch may end before any host exists; an instrument that no exporter listens to costs a
/// flag check, so with metrics off recording is free. Every instrument is recorded once per batch, never per object.
/// The relational engine (the writer's transactions) and the host (its gauges) add instruments to meters of the same
/// name.
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
}
