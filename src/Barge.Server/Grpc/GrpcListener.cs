using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Barge.Server.Grpc;

/// <summary>
/// Tells requests that arrived on the gRPC listener from REST ones: the listener marks each of its connections, so
/// the REST middlewares (limits, Weaviate's fallback, REST auth) can step aside for gRPC, and neither port serves
/// the other's routes.
/// </summary>
internal static class GrpcListener
{
    private const string Key = "barge.grpc-listener";

    /// <summary>Connection middleware for the gRPC listen endpoint.</summary>
    public static ConnectionDelegate Mark(ConnectionDelegate next) => connection =>
    {
        connection.Items[Key] = true;
        return next(connection);
    };

    public static bool Arrived(HttpContext http) =>
        http.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(Key) == true;
}
