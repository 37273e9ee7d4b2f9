using Barge.Server.Hosting;
using Barge.Server.Http;
using Barge.Server.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Barge.Server.Tests.Http;

/// <summary>
/// An answer that no handler writes (a refused login, a wrong method, an exception) takes the error shape of the
/// dialect its route was mapped with, read from the endpoint; only a path no route matched is judged by its prefix.
/// </summary>
public sealed class DialectErrorShapeTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync(o => o with
    {
        Auth = new AuthOptions { ApiKeyEnabled = true, ApiKeys = ["all-key"], ApiKeyUsers = ["owner"] },
    });

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Every_api_endpoint_names_the_dialect_of_its_path()
    {
        var endpoints = _server.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } p && (p.StartsWith("/v1", StringComparison.Ordinal) || p.StartsWith("/api/", StringComparison.Ordinal)))
            .ToList();
        Assert.NotEmpty(endpoints);
        foreach (var e in endpoints)
        {
            var path = e.RoutePattern.RawText!;
            var expected = path.StartsWith("/api/v2.6", StringComparison.Ordinal) ? "hat" : path.StartsWith("/api/batch", StringComparison.Ordinal) ? "batch" : "weaviate";
            Assert.True(e.Metadata.GetMetadata<DialectMetadata>()?.Dialect.Name == expected, $"{path} is not mapped as {expected}");
        }
    }

    [Fact]
    public async Task A_refused_login_is_answered_in_the_routes_dialect()
    {
        var weaviate = await _server.GetAsync("/v1/schema", "wrong");
        Assert.Equal(401, weaviate.Status);
        Assert.NotNull(weaviate.Json["code"]); // go-swagger's framework shape {code, message}

        var batch = await _server.GetAsync("/api/batch/v1", "wrong");
        Assert.Equal(401, batch.Status);
        Assert.Equal(401, (int)batch.Json["status"]!); // problem details
        Assert.NotNull(batch.Json["detail"]);

        var hat = await _server.GetAsync("/api/v2.6/data/ns/x", "wrong");
        Assert.Equal(401, hat.Status);
        Assert.Equal("Unauthorized", (string)hat.Json["message"]!);
    }

    [Fact]
    public async Task A_wrong_method_is_answered_in_the_routes_dialect()
    {
        var batch = await _server.SendAsync(HttpMethod.Put, "/api/batch/v1", "{}", "all-key");
        Assert.Equal(405, batch.Status);
        Assert.Equal(405, (int)batch.Json["status"]!);
        Assert.Contains("method PUT is not allowed", (string)batch.Json["detail"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/nope", "weaviate")]
    [InlineData("/api/batch/v1/x/nope", "batch")]
    [InlineData("/api/v2.6/nope", "hat")]
    public async Task A_path_no_route_matches_is_answered_in_the_shape_its_prefix_names(string path, string dialect)
    {
        var reply = await _server.GetAsync(path, "all-key");
        Assert.Equal(404, reply.Status);
        var message = dialect switch
        {
            "weaviate" => (string?)reply.Json["message"],
            "batch" => (string?)reply.Json["detail"],
            _ => (string?)reply.Json["cause"],
        };
        Assert.Equal($"path {path} was not found", message);
    }
}
