using System.Reflection;
using Barge.Core.Journal;
using Barge.Server.Http;
using Barge.Server.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static Barge.Server.Tests.BatchService.JournalTestKit;

namespace Barge.Server.Tests.Http;

/// <summary>
/// Every batch (write) endpoint is mapped in its dialect's batch group, found from ASP.NET's own endpoint list, so
/// that a route added later cannot miss the parts the group gives (count headers, <c>X-Batch-*</c> checks, refusals,
/// <c>Idempotency-Key</c>): the list is checked, and each endpoint is called to show that the group's filters answer
/// on it in its dialect's error shape.
/// </summary>
public sealed class BatchRouteGroupTests : IAsyncLifetime
{
    /// <summary>Every batch route there is today: the endpoint list must yield at least these.</summary>
    private static readonly string[] Known =
    [
        "POST /v1/batch/objects", "POST /v1/batch/references", "DELETE /v1/batch/objects",
        "POST /v1/batching/things", "POST /v1/batching/actions", "POST /v1/batching/references",
        "POST /api/v2.6/data-batch", "POST /api/v2.6/data/{ns}/{**endpoint}", "DELETE /api/v2.6/data", "POST /api/v2.6/data-link",
        "POST /api/batch/v1", "POST /api/batch/v1/{id}/undo",
    ];

    /// <summary>
    /// Writes that take a service able to run a batch but are not batches themselves: a restore is journaled when it
    /// runs, after its answer (<c>STARTED</c>); a backup and the deletion of a summary write no objects.
    /// </summary>
    private static readonly string[] NotBatches = ["POST /v1/backups/{backend}", "POST /v1/backups/{backend}/{id}/restore", "DELETE /api/batch/v1/{id}"];

    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Every_batch_endpoint_is_mapped_in_a_batch_group_of_its_own_dialect()
    {
        var batchRoutes = BatchEndpoints().ToList();
        Assert.Superset(Known.ToHashSet(), batchRoutes.Select(e => e.Key).ToHashSet());
        foreach (var (key, endpoint) in batchRoutes)
        {
            var group = endpoint.Metadata.GetMetadata<BatchRouteMetadata>();
            Assert.True(group is not null, $"{key} takes a batch service but is not mapped in a batch group (BatchRouteGroup.MapBatchGroup)");
            Assert.Equal(ExpectedDialect(key), group.Dialect.Name);
        }
        // And the other way round: a group holds batch routes only (a read in it would be journaled and counted).
        foreach (var endpoint in Endpoints().Where(e => e.Endpoint.Metadata.GetMetadata<BatchRouteMetadata>() is not null))
            Assert.Contains(endpoint.Key, batchRoutes.Select(b => b.Key));
    }

    [Fact]
    public async Task Every_batch_endpoint_answers_the_groups_checks_in_its_dialects_shape()
    {
        foreach (var (key, _) in BatchEndpoints())
        {
            var (method, path) = Request(key);
            var badId = await _server.SendWithAsync(method, path, "{}", H(("X-Batch-Id", "a/b")));
            var invalid = ExpectedDialect(key) == "weaviate" ? 422 : 400;
            Assert.True(badId.Status == invalid, $"{key}: {badId}");
            AssertShape(key, badId, "must not contain '/'");
            Assert.True(badId.Headers.TryGetValue("X-Batch-Succeeded", out var succeeded) && succeeded == "0", $"{key} has no count headers: {badId}");

            var longKey = await _server.SendWithAsync(method, path, "{}", H(("Idempotency-Key", new string('k', 256))));
            Assert.True(longKey.Status == 400, $"{key}: {longKey}");
            AssertShape(key, longKey, "Idempotency-Key is longer than 255 characters");
        }
    }

    [Theory]
    [InlineData("/v1/batch/objects", "DELETE,POST")]
    [InlineData("/v1/batching/things", "POST")]
    [InlineData("/api/v2.6/data-batch", "POST")]
    [InlineData("/api/batch/v1", "GET,POST")]
    public async Task A_grouped_route_answers_a_wrong_method_with_its_full_path_methods(string path, string allowed)
    {
        var reply = await _server.SendWithAsync(HttpMethod.Put, path, "{}");
        Assert.Equal(405, reply.Status);
        Assert.Equal(allowed, reply.Headers["Allow"]);
    }

    private static string ExpectedDialect(string key) => key.Split(' ')[1] switch
    {
        var p when p.StartsWith("/v1/", StringComparison.Ordinal) => "weaviate",
        var p when p.StartsWith("/api/v2.6/", StringComparison.Ordinal) => "hat",
        var p when p.StartsWith("/api/batch/", StringComparison.Ordinal) => "batch",
        _ => "unknown",
    };

    /// <summary>The message is where the dialect puts it: Weaviate's <c>error[0].message</c>, HAT's <c>cause</c>, problem details' <c>detail</c>.</summary>
    private static void AssertShape(string key, Reply reply, string message)
    {
        var json = reply.Json;
        var text = ExpectedDialect(key) switch
        {
            "weaviate" => (string?)json["error"]?[0]?["message"],
            "hat" => (string?)json["cause"],
            _ => (string?)json["detail"],
        };
        Assert.True(text?.Contains(message, StringComparison.Ordinal) == true, $"{key}: '{message}' is not in the dialect's shape: {reply}");
    }

    /// <summary>A path that reaches the endpoint: each route parameter filled with a plain name.</summary>
    private static (HttpMethod Method, string Path) Request(string key)
    {
        var parts = key.Split(' ');
        var path = System.Text.RegularExpressions.Regex.Replace(parts[1], @"\{[^}]+\}", "x");
        return (new HttpMethod(parts[0]), path);
    }

    private IEnumerable<(string Key, RouteEndpoint Endpoint)> Endpoints() =>
        _server.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => ($"{m} {Pattern(e)}", e)));

    private static string Pattern(RouteEndpoint e) => "/" + string.Join("/", e.RoutePattern.PathSegments.Select(s =>
        string.Concat(s.Parts.Select(p => p switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart l => l.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart { IsCatchAll: true } c => "{**" + c.Name + "}",
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart q => "{" + q.Name + "}",
            _ => "?",
        }))));

    /// <summary>
    /// A batch endpoint, found without asking the group: a write whose handler takes a service that runs batches
    /// (one with a method that takes a <see cref="BatchRequest"/>), less the known <see cref="NotBatches"/>.
    /// </summary>
    private IEnumerable<(string Key, RouteEndpoint Endpoint)> BatchEndpoints() =>
        Endpoints().Where(e => !e.Key.StartsWith("GET ", StringComparison.Ordinal) && !e.Key.StartsWith("HEAD ", StringComparison.Ordinal)
            && !NotBatches.Contains(e.Key)
            && e.Endpoint.Metadata.OfType<MethodInfo>().Any(m => m.GetParameters().Any(p => RunsBatches(p.ParameterType))));

    private static bool RunsBatches(Type type) =>
        type.Assembly == typeof(BatchRequest).Assembly
        && type.GetMethods(BindingFlags.Public | BindingFlags.Instance).Any(m => m.GetParameters().Any(p => p.ParameterType == typeof(BatchRequest)));
}
