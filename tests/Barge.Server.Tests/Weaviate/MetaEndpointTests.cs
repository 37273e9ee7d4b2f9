using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Barge.Server.Tests.Weaviate;

public sealed class MetaEndpointTests : IAsyncLifetime
{
    private TestServer _server = null!;
    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync();
    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Meta_reports_a_1_36_version_and_barge_limits()
    {
        var reply = await _server.GetAsync("/v1/meta");
        Assert.Equal(200, reply.Status);
        // 1.36 is what makes current clients take gRPC for batches and server-side batching (docs/weaviate-version.md).
        Assert.StartsWith("1.36.", (string)reply.Json["version"]!);
        Assert.Equal(100 * 1024 * 1024, (int)reply.Json["grpcMaxMessageSize"]!);
        Assert.Equal(64L * 1024 * 1024, (long)reply.Json["limits"]!["maxRequestBytes"]!);
        Assert.False(string.IsNullOrEmpty((string?)reply.Json["bargeVersion"]));
        Assert.Equal(Barge.Testing.TestStorage.UsePostgres ? "postgres" : "sqlite", (string?)reply.Json["bargeStore"]);
    }

    /// <summary>Ready only while the store answers: Hosting/ReadinessTests stops the database and sees 503.</summary>
    [Theory]
    [InlineData("/v1/.well-known/live")]
    [InlineData("/v1/.well-known/ready")]
    public async Task Health_probes_answer_200_with_an_empty_body_while_the_store_answers(string path)
    {
        var reply = await _server.GetAsync(path);
        Assert.Equal(200, reply.Status);
        Assert.Equal("", reply.Body);
    }

    [Fact]
    public async Task Unknown_path_gets_a_framework_404_body()
    {
        var reply = await _server.GetAsync("/v1/nope");
        Assert.Equal(404, reply.Status);
        Assert.Equal("path /v1/nope was not found", (string)reply.Json["message"]!);
        Assert.Equal(404, (int)reply.Json["code"]!);
    }

    [Fact]
    public async Task Wrong_method_gets_405_with_allow_header()
    {
        var reply = await _server.DeleteAsync("/v1/meta");
        Assert.Equal(405, reply.Status);
        Assert.Equal("GET", reply.Headers["Allow"]);
        Assert.Equal(405, (int)reply.Json["code"]!);
    }

    [Fact]
    public async Task Nodes_lists_one_healthy_node()
    {
        var reply = await _server.GetAsync("/v1/nodes");
        Assert.Equal(200, reply.Status);
        var node = reply.Json["nodes"]![0]!;
        Assert.Equal("HEALTHY", (string)node["status"]!);
        Assert.NotNull(node["shards"]);
        var minimal = await _server.GetAsync("/v1/nodes?output=minimal");
        Assert.Null(minimal.Json["nodes"]![0]!["shards"]);
    }

    [Fact]
    public async Task Nodes_batch_stats_count_what_the_batches_committed()
    {
        // On a fake clock: the rate's window moves only when the test moves it.
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var server = await TestServer.StartAsync(o => o with { Clock = clock });
        var idle = await BatchStatsAsync(server);
        Assert.Equal(0, (long)idle["queueLength"]!);
        Assert.Equal(0, (long)idle["ratePerSecond"]!);

        var objects = string.Join(",", Enumerable.Range(0, 500).Select(i => "{\"class\":\"Meter\",\"properties\":{\"n\":" + i + "}}"));
        Assert.Equal(200, (await server.PostAsync("/v1/batch/objects", "{\"objects\":[" + objects + "]}")).Status);
        // The rate counts whole seconds that have ended: the second of the commit has not.
        Assert.Equal(0, (long)(await BatchStatsAsync(server))["ratePerSecond"]!);
        // Once it has, 500 objects over a window of 10 s is 50 per second.
        clock.Advance(TimeSpan.FromSeconds(1));
        var stats = await BatchStatsAsync(server);
        Assert.Equal(0, (long)stats["queueLength"]!);
        Assert.Equal(50, (long)stats["ratePerSecond"]!);
        // Past the window the commit no longer counts.
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, (long)(await BatchStatsAsync(server))["ratePerSecond"]!);
    }

    private static async Task<JsonNode> BatchStatsAsync(TestServer server) => (await server.GetAsync("/v1/nodes")).Json["nodes"]![0]!["batchStats"]!;

    [Fact]
    public async Task Body_declared_over_the_limit_is_refused_with_413_before_reading()
    {
        await using var small = await TestServer.StartAsync(o => o with { MaxRequestBytes = 100 });
        var reply = await small.PostAsync("/v1/batch/objects", new string(' ', 200));
        Assert.Equal(413, reply.Status);
        Assert.Equal(413, (int)reply.Json["code"]!);
    }
}
