using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Barge.EndToEnd.Tests;

/// <summary>
/// A flood of large batches against a real <c>barge serve</c> whose heap limit (<c>BARGE_MEMORY_LIMIT</c>) is small and
/// whose queue takes an eighth of it, as the defaults do: what does not fit is answered 429 with <c>Retry-After</c>, never a
/// 5xx or a dead process (the runtime ends a process whose heap cannot grow with OutOfMemory), and every
/// acknowledged batch is stored whole.
/// </summary>
public sealed class MemoryBoundTests
{
    private const int Senders = 32;
    private const int BatchesPerSender = 2;
    private const int ObjectsPerBatch = 500;
    /// <summary>About 5 MB per body, as the issue's flood sent.</summary>
    private const int PayloadChars = 10_000;
    private const long MemoryLimit = 256L * 1024 * 1024;

    [Fact]
    public async Task A_flood_near_the_heap_limit_is_refused_with_429_and_the_server_lives()
    {
        await using var data = await BargeData.CreateAsync();
        await using var barge = await BargeProcess.StartAsync(data, new Dictionary<string, string>
        {
            ["BARGE_MEMORY_LIMIT"] = "256MiB",
            ["BARGE_MAX_QUEUED_BYTES"] = (MemoryLimit / 8).ToString(CultureInfo.InvariantCulture),
        });
        // A refused batch is answered before its body is read; with 100-continue the sender waits for that answer
        // (however long a loaded machine takes) instead of writing 5 MB into a connection the server then closes.
        using var handler = new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(5) };
        using var http = new HttpClient(handler) { BaseAddress = barge.Address, Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.ExpectContinue = true;
        var meta = await http.GetFromJsonAsync<System.Text.Json.JsonElement>("/v1/meta");
        Assert.Equal(MemoryLimit, meta.GetProperty("limits").GetProperty("memoryLimitBytes").GetInt64());
        using (var schema = await http.PostAsync("/v1/schema", new StringContent("""
            {"class":"Flood","properties":[{"name":"tag","dataType":["text"]},
              {"name":"payload","dataType":["text"],"indexFilterable":false,"indexSearchable":false}]}
            """, Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.OK, schema.StatusCode);

        var accepted = new ConcurrentBag<int>();
        var refused = new ConcurrentBag<int>();
        var payload = new string('p', PayloadChars);
        await Task.WhenAll(Enumerable.Range(0, Senders).Select(sender => Task.Run(async () =>
        {
            for (var k = 0; k < BatchesPerSender; k++)
            {
                var batch = sender * BatchesPerSender + k;
                HttpResponseMessage sent;
                try
                {
                    sent = await http.PostAsync("/v1/batch/objects", new StringContent(Body(batch, payload), Encoding.UTF8, "application/json"));
                }
                catch (HttpRequestException ex)
                {
                    await Task.Delay(1000);
                    throw new Xunit.Sdk.XunitException($"batch {batch}: no answer ({ex.Message}); the server {(barge.HasExited ? "has ended" : "still runs")}:\n{string.Join('\n', barge.Output.TakeLast(30))}");
                }
                using var response = sent;
                var text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Assert.DoesNotContain("\"errors\"", text, StringComparison.Ordinal);
                    accepted.Add(batch);
                    continue;
                }
                Assert.True(response.StatusCode == HttpStatusCode.TooManyRequests, $"batch {batch}: {(int)response.StatusCode} {text[..Math.Min(text.Length, 500)]}\n{ServerErrors(barge)}");
                Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"batch {batch}: no Retry-After");
                refused.Add(batch);
            }
        })));

        Assert.False(barge.HasExited, "the server ended during the flood:\n" + string.Join('\n', barge.Output.TakeLast(20)));
        Assert.NotEmpty(accepted);
        Assert.NotEmpty(refused);
        foreach (var batch in accepted)
        {
            using var count = await http.PostAsync("/v1/graphql", new StringContent(
                $$"""{"query":"{ Aggregate { Flood(where:{path:[\"tag\"],operator:Equal,valueText:\"b{{batch}}\"}) { meta { count } } } }"}""",
                Encoding.UTF8, "application/json"));
            var body = await count.Content.ReadAsStringAsync();
            Assert.Contains($"\"count\":{ObjectsPerBatch}", body, StringComparison.Ordinal);
        }
    }

    /// <summary>The server's logged exceptions, for a failure's message.</summary>
    private static string ServerErrors(BargeProcess barge) =>
        string.Join('\n', barge.Output.Where(l => l.Contains("HttpErrors", StringComparison.Ordinal)).Take(2));

    private static string Body(int batch, string payload)
    {
        var body = new StringBuilder("{\"objects\":[");
        for (var i = 0; i < ObjectsPerBatch; i++)
        {
            if (i > 0) body.Append(',');
            body.Append(CultureInfo.InvariantCulture,
                $$$"""{"class":"Flood","id":"{{{batch:x8}}}-0000-4000-8000-{{{i:x12}}}","properties":{"tag":"b{{{batch}}}","payload":"{{{payload}}}"}}""");
        }
        return body.Append("]}").ToString();
    }
}
