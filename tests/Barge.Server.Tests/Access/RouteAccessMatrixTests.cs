using System.Text.RegularExpressions;
using Barge.Server.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Barge.Server.Tests.Access;

/// <summary>
/// Every route the application maps, read from its endpoint data source (so a route added later is covered without
/// editing this test), called as each kind of caller with the admin list on: anonymous and a wrong key are 401, a
/// read-only user may only read, a user on neither list may do nothing, an admin passes authorization. No answer is
/// ever a 500. (The gRPC methods, on their own port, are checked by <see cref="GrpcAccessMatrixTests"/>.)
/// </summary>
public sealed partial class RouteAccessMatrixTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync(AccessCallers.Configure);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    /// <summary>
    /// Routes every caller reaches before authentication: the health probes, the root redirect, and the journal page
    /// with its files (which hold no data: the page reads it through the API, with a key).
    /// </summary>
    private static readonly string[] Open = ["/", "/v1/.well-known/live", "/v1/.well-known/ready", "/v1/.well-known/openid-configuration",
        "/ui", "/ui/assets/ui.js", "/ui/batches"];

    /// <summary>The status class each caller must get: 401, 403, or anything but those (and never 5xx).</summary>
    private static int? Expected(Caller caller, string method, string path)
    {
        if (Open.Contains(path)) return null;
        return caller switch
        {
            Caller.Anonymous or Caller.WrongKey => 401,
            Caller.Plain => 403,
            // GraphQL is read-only (Weaviate names it "list schema/*"), POST though it is.
            Caller.Reader => method is "GET" or "HEAD" || path.StartsWith("/v1/graphql", StringComparison.Ordinal) ? null : 403,
            _ => null,
        };
    }

    [Fact]
    public async Task Every_route_answers_each_caller_as_the_admin_list_says()
    {
        var routes = Routes();
        Assert.True(routes.Count > 40, $"only {routes.Count} routes found: the endpoint data source is not what this test expects");
        var failures = new List<string>();
        foreach (var (method, path) in routes)
        {
            foreach (var caller in Enum.GetValues<Caller>())
            {
                var body = method is "POST" or "PUT" or "PATCH" || (method == "DELETE" && path == "/v1/batch/objects") ? "{}" : null;
                var reply = await _server.SendAsync(new HttpMethod(method), path, body, AccessCallers.Token(caller));
                var expected = Expected(caller, method, path);
                var ok = reply.Status < 500 && (expected is { } status ? reply.Status == status : reply.Status is not (401 or 403));
                if (!ok) failures.Add($"{caller} {method} {path}: expected {expected?.ToString() ?? "neither 401 nor 403"}, got {reply}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>(method, concrete path) of every HTTP route, with route parameters filled with plausible values.</summary>
    private List<(string Method, string Path)> Routes()
    {
        var sources = _server.Server.Services.GetRequiredService<EndpointDataSource>();
        var routes = new List<(string, string)>();
        foreach (var endpoint in sources.Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<HttpMethodMetadata>() is not { } methods) continue;
            // gRPC methods are served on their own port only; GrpcAuthTests covers them.
            if (endpoint.Metadata.GetMetadata<global::Grpc.AspNetCore.Server.GrpcMethodMetadata>() is not null) continue;
            var path = Parameter().Replace(endpoint.RoutePattern.RawText!, m => m.Groups[1].Value switch
            {
                "className" => "Article",
                "id" => "00000000-0000-0000-0000-000000000001",
                "property" => "title",
                "ns" => "ns",
                "tenantName" => "t1",
                "endpoint" => "ep",
                "backend" => "filesystem",
                "file" => "ui.js",
                "view" => "batches",
                var other => throw new InvalidOperationException($"route {endpoint.RoutePattern.RawText} has parameter {{{other}}}: give it a value here"),
            });
            routes.AddRange(methods.HttpMethods.Select(m => (m, path)));
        }
        return routes;
    }

    [GeneratedRegex(@"\{\**([A-Za-z]+)[^}]*\}")]
    private static partial Regex Parameter();
}
