using Barge.Core.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Barge.Server.Hosting;

/// <summary>
/// Readiness: the store answers a read (<see cref="IObjectStore.PingAsync"/>). Behind <c>/v1/.well-known/ready</c> and
/// the gRPC health service, so that both say "not serving" while the database cannot be reached and "serving" again
/// once it can, without a restart. A store that serves reads only is "degraded", with the reason.
/// </summary>
internal sealed class StoreHealthCheck(IObjectStore store) : IHealthCheck
{
    /// <summary>A database that neither answers nor refuses (a cut network) is given up on rather than holding the probe.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.PingAsync(cancellationToken);
            // Degraded, not unhealthy: it serves reads, so it stays in service (gRPC health says SERVING); REST's
            // ready says why in its body.
            return store.ReadOnlyReason is { } reason ? HealthCheckResult.Degraded($"serving reads only: {reason}") : HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not shown to callers (the probes answer without a body); the health service logs it.
            return HealthCheckResult.Unhealthy("the store cannot be reached", ex);
        }
    }
}
