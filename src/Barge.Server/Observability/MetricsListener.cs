using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Barge.Server.Observability;

/// <summary>
/// Tells requests that arrived on the metrics listener: it marks each of its connections, so that the metrics port
/// serves <c>/metrics</c> alone (ahead of REST's middlewares and auth, as Weaviate's port 2112 does) and the REST
/// port never serves it.
/// </summary>
internal static class MetricsListener
{
    private const string Key = "barge.metrics-listener";

    /// <summary>Connection middleware for the metrics listen endpoint.</summary>
    public static ConnectionDelegate Mark(ConnectionDelegate next) => connection =>
    {
        connection.Items[Key] = true;
        return next(connection);
    };

    public static bool Arrived(HttpContext http) =>
        http.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(Key) == true;
}
