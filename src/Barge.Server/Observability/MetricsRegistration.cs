using Barge.Core.Telemetry;
using Barge.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Barge.Server.Observability;

/// <summary>
/// OpenTelemetry metrics in Prometheus text format, as Weaviate serves them: on with <c>PROMETHEUS_MONITORING_ENABLED</c>,
/// on a port of their own (2112), at <c>/metrics</c>. Barge's meter (batches, items, writer), ASP.NET Core's and the
/// runtime's. Off, nothing is registered: no listener, no exporter, no port.
/// </summary>
internal static class MetricsRegistration
{
    public static IServiceCollection AddBargeMetrics(this IServiceCollection services, BargeOptions options)
    {
        if (!options.MetricsEnabled) return services;
        services.AddSingleton<IngestGauges>();
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("barge", serviceVersion: Weaviate.MetaApi.BargeVersion))
            .WithMetrics(metrics => metrics
            .AddMeter(BargeMetrics.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            // A scrape right after a batch must count it; Prometheus scrapes every few seconds, so no cache is needed.
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        return services;
    }

    /// <summary>Answers requests on the metrics listener before any REST middleware: <c>/metrics</c>, anything else 404.</summary>
    public static void UseBargeMetrics(this WebApplication app, BargeOptions options)
    {
        if (!options.MetricsEnabled) return;
        app.Services.GetRequiredService<IngestGauges>();
        app.MapWhen(ListenerMark.Metrics.Arrived, metrics => metrics.UseOpenTelemetryPrometheusScrapingEndpoint());
    }
}
