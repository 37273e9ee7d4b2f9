using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Barge.Server.Hosting;

/// <summary>
/// Tells which listener a request arrived on: a listener's connection middleware marks each of its connections.
/// The gRPC port's requests skip REST's middlewares (limits, Weaviate's fallback, REST auth) and neither port serves
/// the other's routes; the metrics port serves <c>/metrics</c> alone, ahead of REST's middlewares and auth, as
/// Weaviate's port 2112 does, and the REST port never serves it.
/// </summary>
internal sealed class ListenerMark(string key)
{
    public static readonly ListenerMark Grpc = new("barge.grpc-listener");
    public static readonly ListenerMark Metrics = new("barge.metrics-listener");

    /// <summary>Connection middleware for the listen endpoint.</summary>
    public ConnectionDelegate Mark(ConnectionDelegate next) => connection =>
    {
        connection.Items[key] = true;
        return next(connection);
    };

    public bool Arrived(HttpContext http) =>
        http.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(key) == true;
}
