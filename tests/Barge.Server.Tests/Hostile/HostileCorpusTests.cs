using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Barge.Server.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Barge.Server.Tests.Hostile;

/// <summary>
/// Every HTTP route the application maps (read from its endpoint data source, so a route added later is walked without
/// editing this test), called the way an attacker or a careless client would: odd route values, odd query parameters,
/// bodies that are huge, deep, of the wrong type, not JSON or not UTF-8, with NUL and lone surrogates, and header values
/// that are not ASCII or not UTF-8. No answer may be a 5xx or take longer than the timeout, and a fixed set of objects
/// and HAT records written before is byte for byte the same after.
/// </summary>
public sealed partial class HostileCorpusTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private const int Parallelism = 4;

    private TestServer _server = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        // Latin-1 header values put any byte 0x00-0xFF on the wire: not-UTF-8 bytes reach the server as sent.
        _client = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.Latin1 })
        {
            BaseAddress = _server.Client.BaseAddress, Timeout = Timeout,
        };
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task No_hostile_request_gets_a_server_error_and_the_neighbours_are_unharmed()
    {
        var kept = await WriteNeighboursAsync();
        var before = await SnapshotAsync(kept);

        var requests = Corpus().ToList();
        Assert.True(requests.Count >= 1_000, $"the corpus has only {requests.Count} requests");
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var unanswered = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (r, _) =>
        {
            var watch = Stopwatch.StartNew();
            try
            {
                var (status, body) = await SendAsync(r);
                if (status >= 500) failures.Add($"{r}: {status} {Clip(body)}");
            }
            catch (Exception ex) when (ex is TaskCanceledException or HttpRequestException)
            {
                // A connection closed by the server for a malformed request is an answer; a timeout is not.
                if (watch.Elapsed >= Timeout - TimeSpan.FromSeconds(1)) failures.Add($"{r}: no answer within {Timeout.TotalSeconds} s");
                else unanswered.Add($"{r}: {ex.GetType().Name}");
            }
        });
        Assert.True(failures.IsEmpty, $"{failures.Count} of {requests.Count} hostile requests failed:\n" + string.Join("\n", failures.Order().Take(60)));
        // Kestrel may close the connection on a request it cannot parse; that must stay the exception, not hide crashes.
        Assert.True(unanswered.Count * 20 < requests.Count, $"{unanswered.Count} of {requests.Count} requests got no HTTP answer:\n" + string.Join("\n", unanswered.Order().Take(30)));

        Assert.Equal(before, await SnapshotAsync(kept));
    }

    /// <summary>One hostile request: the body is sent as raw bytes, the headers as Latin-1.</summary>
    private sealed record HostileRequest(string Method, string Path, byte[]? Body, string ContentType, (string Name, string Value)[] Headers)
    {
        public override string ToString() => $"{Method} {Clip(Path)} body={Describe(Body)} {string.Join(" ", Headers.Select(h => h.Name))}";
    }

    private async Task<(int Status, string Body)> SendAsync(HostileRequest r)
    {
        using var request = new HttpRequestMessage(new HttpMethod(r.Method), r.Path);
        if (r.Body is not null)
        {
            request.Content = new ByteArrayContent(r.Body);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", r.ContentType);
        }
        foreach (var (name, value) in r.Headers) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await _client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private IEnumerable<HostileRequest> Corpus()
    {
        var routes = Routes();
        foreach (var (method, template) in routes)
        {
            var hasBody = method is "POST" or "PUT" or "PATCH" or "DELETE";
            // Route values: plausible ones (so that the handler runs), then hostile ones in every parameter.
            foreach (var value in RouteValues)
            {
                var path = Fill(template, value);
                yield return new(method, path, hasBody ? "{}"u8.ToArray() : null, "application/json", []);
            }
            var plain = Fill(template, null);
            foreach (var query in Queries) yield return new(method, plain + "?" + query, hasBody ? "{}"u8.ToArray() : null, "application/json", []);
            foreach (var headers in HeaderSets) yield return new(method, plain, hasBody ? "[]"u8.ToArray() : null, "application/json", headers);
            if (!hasBody) continue;
            foreach (var (body, type) in Bodies()) yield return new(method, plain, body, type, []);
        }
    }

    /// <summary>Plausible values (null) and hostile ones, URL-encoded as a client would put them in the path.</summary>
    private static readonly string?[] RouteValues = [null, "%00", "%FF%FE", "%D0%BF%D0%B0", "a%2Fb", "..", new string('x', 3000), "%20", "-1", "99999999999999999999"];

    private static readonly string[] Queries =
    [
        "limit=-1&offset=abc", "limit=99999999999999999999", "sort=%00", "sort=" + string.Join(",", Enumerable.Range(0, 300).Select(i => $"p{i}")),
        "class=%00", "class=" + new string('A', 3000), "tenant=%00", "tenant=%FF", "consistency_level=%00", "after=%00&class=Hostile",
        "where=%7B%22path%22%3A", "dryRun=maybe&atomic=%00", "output=%00", "include=%00", "orderBy=%00&ordering=sideways&skip=-1&take=x",
        "records=%00,%FF", "_limit=0&_skip=-5&since=%00&until=x&status=%00&name=%00", "collection=%00", "name=" + new string('n', 3000),
        "id=%00&id=%FF", "%00=%00", "a=" + string.Concat(Enumerable.Repeat("%FF", 500)),
    ];

    /// <summary>Header values: Latin-1 characters are sent as single bytes, so "\u00FF\u00FE" is not UTF-8 on the wire.</summary>
    private static readonly (string, string)[][] HeaderSets =
    [
        [("X-Batch-Id", "\u00D0\u00BF\u00D0\u00B0")], // UTF-8 of "па", as raw bytes
        [("X-Batch-Id", "\u00FF\u00FE")],
        [("X-Batch-Id", new string('i', 4000))],
        [("X-Batch-Name", "\u00FF"), ("X-Batch-Reason", "\u00D0\u00BF"), ("X-Batch-Source", new string('s', 4000))],
        [("Idempotency-Key", "\u00FF\u00FE"), ("X-Batch-Id", "ok-id")],
        [("Idempotency-Key", new string('k', 300))],
        [("Authorization", "Bearer \u00FF")],
        [("X-Auth-Token", "\u00FF\u00FE")],
        [("Content-Encoding", "gzip")],
        [("Accept", "\u00FF/\u00FE")],
    ];

    private static IEnumerable<(byte[] Body, string ContentType)> Bodies()
    {
        static (byte[], string) Json(string s) => (Encoding.UTF8.GetBytes(s), "application/json");
        yield return Json("");
        yield return Json("null");
        yield return Json("123");
        yield return Json("\"text\"");
        yield return Json("{");
        yield return Json("[{]");
        yield return Json("{\"objects\":\"x\",\"things\":1,\"elements\":{},\"class\":123,\"properties\":[],\"match\":[]}");
        yield return Json("{\"objects\":[{\"class\":\"Hostile\",\"properties\":{\"t\":\"\\u0000\",\"n\":1e999,\"b\":99999999999999999999999}}]}");
        yield return Json("{\"objects\":[{\"class\":\"Hostile\",\"properties\":{\"t\":\"\\ud800\"}}]}");
        yield return Json("{\"_id\":\"\\u0000\",\"_type\":\"VarBatch\",\"elements\":[{\"_id\":\"\\u0000\",\"v\":\"\\u0000\"}]}");
        yield return Json("[{\"endpoint\":\"\\u0000/x\",\"data\":\"\\u0000\"},{\"endpoint\":\"h/x\",\"data\":{\"\\u0000\":1}}]");
        yield return Json("{\"class\":\"Hostile\",\"properties\":{\"t\":\"" + new string('w', 4000) + "\"}}");
        yield return Json(new string('[', 5000) + new string(']', 5000));
        yield return Json(string.Concat(Enumerable.Repeat("{\"a\":", 300)) + "1" + new string('}', 300));
        yield return Json("{\"objects\":[" + string.Join(",", Enumerable.Repeat("{\"class\":\"Hostile\",\"properties\":{\"t\":\"" + new string('z', 3000) + "\"}}", 20)) + "]}");
        yield return Json("{\"match\":{\"class\":\"Hostile\",\"where\":{\"operator\":\"Or\",\"operands\":[" +
            string.Join(",", Enumerable.Repeat("{\"path\":[\"t\"],\"operator\":\"Equal\",\"valueText\":\"x\"}", 2000)) + "]}}}");
        yield return Json("{\"match\":{\"class\":\"Hostile\",\"where\":{\"path\":[\"t\"],\"operator\":\"Like\",\"valueText\":\"*" + new string('a', 60_000) + "*\"}}}");
        yield return (Encoding.UTF8.GetBytes("{\"a\":\"").Concat(new byte[] { 0xFF, 0xFE, 0xC0 }).Concat("\"}"u8.ToArray()).ToArray(), "application/json");
        yield return (Encoding.UTF8.GetBytes("{\"class\":\"Hostile\",\"properties\":{\"t\":\"" + new string('m', 1_000_000) + "\"}}"), "application/json");
        yield return ("<xml/>"u8.ToArray(), "application/xml");
        yield return ("{}"u8.ToArray(), "\u00FF/\u00FE");
    }

    /// <summary>(method, route template) of every HTTP route but gRPC's (served on its own port).</summary>
    private List<(string Method, string Template)> Routes()
    {
        var sources = _server.Server.Services.GetRequiredService<EndpointDataSource>();
        var routes = new List<(string, string)>();
        foreach (var endpoint in sources.Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<HttpMethodMetadata>() is not { } methods) continue;
            if (endpoint.Metadata.GetMetadata<global::Grpc.AspNetCore.Server.GrpcMethodMetadata>() is not null) continue;
            routes.AddRange(methods.HttpMethods.Select(m => (m, endpoint.RoutePattern.RawText!)));
        }
        return routes;
    }

    /// <summary>The template with every parameter set to <paramref name="value"/>, or a plausible value of its own when null.</summary>
    private static string Fill(string template, string? value) => Parameter().Replace(template, m => value ?? m.Groups[1].Value switch
    {
        "className" => "Hostile",
        "id" => "00000000-0000-4000-8000-00000000ffff",
        "property" => "t",
        "ns" => "hostile",
        "tenantName" => "t1",
        "endpoint" => "ep",
        "backend" => "filesystem",
        "kind" => "things",
        _ => "x",
    });

    [GeneratedRegex(@"\{\**([A-Za-z]+)[^}]*\}")]
    private static partial Regex Parameter();

    /// <summary>The neighbours: objects and HAT records no hostile request names, written before the corpus runs.</summary>
    private async Task<List<string>> WriteNeighboursAsync()
    {
        var schema = await _server.PostAsync("/v1/schema", """{"class":"Keep","properties":[{"name":"title","dataType":["text"]},{"name":"n","dataType":["int"]}]}""");
        Assert.Equal(200, schema.Status);
        var objects = string.Join(",", Enumerable.Range(1, 20).Select(i =>
            "{\"class\":\"Keep\",\"id\":\"00000000-0000-4000-8000-" + i.ToString("D12", System.Globalization.CultureInfo.InvariantCulture)
            + "\",\"properties\":{\"title\":\"kept " + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + " \\u00e9\\u0000\",\"n\":"
            + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}}"));
        var batch = await _server.PostAsync("/v1/batch/objects", $$"""{"objects":[{{objects}}]}""");
        Assert.Equal(200, batch.Status);
        var hat = await _server.PostAsync("/api/v2.6/data/keep/notes", """[{"a":1},{"b":[1,2,{"c":"\u0000"}]}]""");
        Assert.Equal(201, hat.Status);
        return [.. Enumerable.Range(1, 20).Select(i => $"/v1/objects/Keep/00000000-0000-4000-8000-{i:D12}"), "/api/v2.6/data/keep/notes", "/v1/schema/Keep"];
    }

    private async Task<List<string>> SnapshotAsync(List<string> paths)
    {
        var answers = new List<string>();
        foreach (var path in paths) answers.Add((await _server.GetAsync(path)).ToString());
        return answers;
    }

    private static string Clip(string text) => text.Length > 160 ? text[..160] + $"…({text.Length})" : text;

    private static string Describe(byte[]? body) => body is null ? "none" : body.Length > 80 ? $"{body.Length} bytes" : Encoding.UTF8.GetString(body);
}
