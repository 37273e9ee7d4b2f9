using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Barge.Server.Grpc.Protocol;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.Grpc.GrpcKit;
using static Barge.Server.Tests.Weaviate.BatchTestKit;
using Value = Google.Protobuf.WellKnownTypes.Value;
using WeaviateClient = Barge.Server.Grpc.Protocol.Weaviate.WeaviateClient;

namespace Barge.Server.Tests.Observability;

/// <summary>
/// Barge's meter is one per process: these tests run alone, after the others, so that the counters a server exports
/// hold its own batches only.
/// </summary>
[CollectionDefinition(nameof(MetricsCollection), DisableParallelization = true)]
public sealed class MetricsCollection;

/// <summary>Prometheus metrics on their own port, scraped as Prometheus would: counters by service and outcome, gauges.</summary>
[Collection(nameof(MetricsCollection))]
public sealed class MetricsTests
{
    private static Task<TestServer> StartWithMetricsAsync() =>
        TestServer.StartAsync(o => o with { MetricsEnabled = true, MetricsListen = "127.0.0.1:0" });

    [Fact]
    public async Task Batches_and_their_items_are_counted_by_service_and_outcome()
    {
        await using var server = await StartWithMetricsAsync();
        Assert.NotNull(server.Server.MetricsAddress);
        Assert.Equal("/metrics", server.Server.MetricsAddress!.AbsolutePath);
        await server.CreateClassAsync("""{"class":"Article","properties":[{"name":"title","dataType":["text"]}]}""");

        var partial = await server.PostAsync("/v1/batch/objects", """
            {"objects":[{"class":"Article","properties":{"title":"a"}},{"class":"Article","properties":{"title":"b"}},
                        {"class":"Article","properties":{"title":"c"}},{"class":"Article","properties":{"title":5}}]}
            """);
        Assert.True(partial.Status == 200, partial.ToString());
        var success = await server.ImportAsync(Obj("Article", null, """{"title":"d"}"""));
        Assert.True(success.Status == 200, success.ToString());
        using (var channel = server.GrpcChannel())
        {
            var reply = await new WeaviateClient(channel).BatchObjectsAsync(new BatchObjectsRequest
            {
                Objects = { Object("Article", Id(1), Struct(("title", Value.ForString("e")))), Object("Article", Id(2), Struct(("title", Value.ForString("f")))) },
            });
            Assert.Empty(reply.Errors);
        }

        var metrics = await ScrapeAsync(server);
        Assert.Equal(1, Sample(metrics, "barge_batches_total", ("service", "weaviate.batch.objects"), ("outcome", "partial")));
        Assert.Equal(1, Sample(metrics, "barge_batches_total", ("service", "weaviate.batch.objects"), ("outcome", "success")));
        Assert.Equal(1, Sample(metrics, "barge_batches_total", ("service", "weaviate.grpc.batch.objects"), ("outcome", "success")));
        Assert.Equal(4, Sample(metrics, "barge_batch_items_total", ("service", "weaviate.batch.objects"), ("outcome", "success")));
        Assert.Equal(1, Sample(metrics, "barge_batch_items_total", ("service", "weaviate.batch.objects"), ("outcome", "failed")));
        Assert.Equal(2, Sample(metrics, "barge_batch_items_total", ("service", "weaviate.grpc.batch.objects"), ("outcome", "success")));
        Assert.Null(Sample(metrics, "barge_batch_items_total", ("service", "weaviate.grpc.batch.objects"), ("outcome", "failed")));

        // Nothing is waiting now; the writer committed at least the three batches (and the schema change).
        Assert.Equal(0, Sample(metrics, "barge_writer_queue_depth"));
        Assert.NotNull(Sample(metrics, "barge_ingest_rate_per_second"));
        Assert.True(Sample(metrics, "barge_writer_group_commit_size_count") >= 3, metrics);
        Assert.True(Sample(metrics, "barge_writer_commit_duration_seconds_count") >= 3, metrics);
        Assert.True(Sample(metrics, "barge_writer_commit_duration_seconds_bucket", ("le", "+Inf")) >= 3, metrics);
        // ASP.NET Core's and the runtime's instruments are there too.
        Assert.Contains("\nhttp_server_request_duration_seconds_bucket{", metrics, StringComparison.Ordinal);
        Assert.Contains("\ndotnet_gc_collections_total", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_answer_while_a_long_batch_is_written()
    {
        await using var server = await StartWithMetricsAsync();
        await server.CreateClassAsync("""{"class":"Product","properties":[{"name":"sku","dataType":["text"]},{"name":"price","dataType":["int"]}]}""");
        await ScrapeAsync(server); // warm: the first scrape sets the exporter up

        var body = new StringBuilder("""{"objects":[""");
        for (var i = 0; i < 20_000; i++)
            body.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $$$"""{"class":"Product","properties":{"sku":"sku {{{i}}} of a long batch","price":{{{i}}}}}""");
        var batch = server.PostAsync("/v1/batch/objects", body.Append("]}").ToString());

        var duringBatch = 0;
        while (!batch.IsCompleted)
        {
            var metrics = await ScrapeAsync(server);
            Assert.NotNull(Sample(metrics, "barge_writer_queue_depth"));
            if (!batch.IsCompleted) duringBatch++;
        }
        var reply = await batch;
        Assert.Equal("20000", reply.Headers["X-Batch-Succeeded"]);
        Assert.True(duringBatch > 0, "no scrape was answered while the batch ran");
        Assert.Equal(20_000, Sample(await ScrapeAsync(server), "barge_batch_items_total", ("service", "weaviate.batch.objects"), ("outcome", "success")));
    }

    [Fact]
    public async Task Off_by_default_no_port_is_bound_and_the_rest_port_does_not_serve_metrics()
    {
        var port = FreePort();
        await using var server = await TestServer.StartAsync(o => o with { MetricsListen = $"127.0.0.1:{port}" });
        Assert.Null(server.Server.MetricsAddress);
        using var probe = new TcpClient();
        var refused = await Assert.ThrowsAsync<SocketException>(() => probe.ConnectAsync(IPAddress.Loopback, port));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        Assert.Equal(404, (await server.GetAsync("/metrics")).Status);
    }

    [Fact]
    public async Task The_metrics_port_serves_metrics_only_and_the_rest_port_none()
    {
        await using var server = await StartWithMetricsAsync();
        using var http = new HttpClient();
        var other = await http.GetAsync(new Uri(server.Server.MetricsAddress!, "/v1/meta"));
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(404, (await server.GetAsync("/metrics")).Status);
    }

    private static async Task<string> ScrapeAsync(TestServer server)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(server.Server.MetricsAddress);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The value of the one sample of <paramref name="name"/> carrying these labels (others may be there too), or null.</summary>
    private static double? Sample(string metrics, string name, params (string Label, string Value)[] labels)
    {
        double? found = null;
        foreach (var line in metrics.Split('\n'))
        {
            if (line.StartsWith('#') || !line.StartsWith(name, StringComparison.Ordinal)) continue;
            var rest = line[name.Length..];
            if (rest.Length == 0 || rest[0] is not ('{' or ' ')) continue;
            if (!labels.All(l => rest.Contains($"{l.Label}=\"{l.Value}\"", StringComparison.Ordinal))) continue;
            Assert.True(found is null, $"more than one sample of {name} matches: {metrics}");
            var value = rest[(rest.LastIndexOf('}') + 1)..].Trim().Split(' ')[0];
            found = double.Parse(value, CultureInfo.InvariantCulture);
        }
        return found;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
