using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Barge.EndToEnd.Tests;

/// <summary>
/// <c>barge serve</c> watched as an operator would: Weaviate's <c>PROMETHEUS_MONITORING_*</c> variables turn metrics on
/// and the address is printed on a line of its own after the start line; each batch is a line of the console log,
/// which never shows an API key.
/// </summary>
public sealed class ObservabilityTests
{
    private const string Key = "e2e-key-0b7d41c6";

    [Fact]
    public async Task Metrics_address_is_printed_after_the_start_line_and_each_batch_is_logged_without_the_key()
    {
        await using var data = await BargeData.CreateAsync();
        var metricsPort = FreePort();
        await using var barge = await BargeProcess.StartAsync(data, new Dictionary<string, string>
        {
            ["PROMETHEUS_MONITORING_ENABLED"] = "true",
            ["PROMETHEUS_MONITORING_PORT"] = metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AUTHENTICATION_APIKEY_ENABLED"] = "true",
            ["AUTHENTICATION_APIKEY_ALLOWED_KEYS"] = Key,
        });
        var metricsLine = $"Barge metrics (Prometheus) at http://127.0.0.1:{metricsPort}/metrics";
        var output = await WaitForAsync(barge, lines => lines.Contains(metricsLine));
        var start = output.FindIndex(l => l.StartsWith("Barge ", StringComparison.Ordinal) && l.Contains(" serving ", StringComparison.Ordinal));
        Assert.True(start >= 0 && output[start + 1] == metricsLine, string.Join('\n', output));

        using var http = new HttpClient { BaseAddress = barge.Address };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/batch/objects")
        {
            Content = new StringContent("""{"objects":[{"class":"Note","properties":{"text":"x"}}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Key);
        var batch = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        var batchId = batch.Headers.GetValues("X-Batch-Id").Single();

        var logged = await WaitForAsync(barge, lines => lines.Any(l => l.Contains(batchId, StringComparison.Ordinal)));
        var line = logged.Single(l => l.Contains(batchId, StringComparison.Ordinal));
        Assert.Contains($"batch {batchId} weaviate.batch.objects user=apikey#1 status=success succeeded=1 failed=0", line, StringComparison.Ordinal);

        using var scraper = new HttpClient();
        var metrics = await scraper.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics"));
        Assert.Contains("barge_batches_total{", metrics, StringComparison.Ordinal);
        Assert.Contains("barge_writer_queue_depth{", metrics, StringComparison.Ordinal);

        await barge.StopAsync();
        Assert.DoesNotContain(barge.Output, l => l.Contains(Key, StringComparison.Ordinal));
    }

    /// <summary>Waits (up to 30 s) until the process's output satisfies <paramref name="ready"/>; returns that output.</summary>
    private static async Task<List<string>> WaitForAsync(BargeProcess barge, Func<List<string>, bool> ready)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var lines = barge.Output.ToList();
            if (ready(lines)) return lines;
            if (DateTime.UtcNow > deadline) Assert.Fail("not seen in barge's output within 30 s:\n" + string.Join('\n', lines));
            await Task.Delay(50);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
