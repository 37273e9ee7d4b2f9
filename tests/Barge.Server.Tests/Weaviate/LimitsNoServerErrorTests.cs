using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;

namespace Barge.Server.Tests.Weaviate;

/// <summary>
/// A table of malformed bodies sent to every write route: whatever the input, the answer is never a 5xx, and a
/// request that is refused leaves the stored schema and objects byte for byte as they were (each is read back before
/// and after every request).
/// </summary>
public sealed class LimitsNoServerErrorTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private const string Id = "f0000000-0000-4000-8000-000000000001";

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync(o => o with { MaxJsonDepth = 16 });
        await SeedAsync();
    }

    /// <summary>Class A and its one object: the stored data every request of the table starts from.</summary>
    private async Task SeedAsync()
    {
        Assert.Equal(200, (await _server.PostAsync("/v1/schema", """{"class":"A","properties":[{"name":"x","dataType":["text"]},{"name":"n","dataType":["int"]},{"name":"r","dataType":["A"]}]}""")).Status);
        Assert.Equal(200, (await _server.PostAsync("/v1/objects", $$"""{"class":"A","id":"{{Id}}","properties":{"x":"keep"},"vector":[1,2]}""")).Status);
    }

    /// <summary>
    /// Back to the seeded data after a request that was accepted (and so may have written): every class dropped with
    /// its objects, then seeded again. The next request is compared with what it then finds.
    /// </summary>
    private async Task ReseedAsync()
    {
        foreach (var cls in (await _server.GetAsync("/v1/schema")).Json["classes"]!.AsArray())
            Assert.Equal(200, (await _server.DeleteAsync($"/v1/schema/{(string)cls!["class"]!}")).Status);
        await SeedAsync();
    }

    /// <summary>Everything stored, as the server reads it back: the schema, and every object of every class with its vector.</summary>
    private async Task<string> StoredAsync()
    {
        var schema = await _server.GetAsync("/v1/schema");
        var objects = await _server.GetAsync("/v1/objects?limit=10000&include=vector");
        Assert.Equal(200, schema.Status);
        Assert.Equal(200, objects.Status);
        return schema.Body + "\n" + objects.Body;
    }

    /// <summary>
    /// Sends one request, checks it against the rules of the table and adds what broke them to
    /// <paramref name="failures"/>: never a 5xx, a JSON (or empty) body, and stored data unchanged unless the request was
    /// accepted. Accepted requests (a junk body a route ignores, unknown fields Weaviate's decoder skips) may write:
    /// only those whose every batch item failed, and validation, must not; the data is seeded again after them.
    /// </summary>
    private async Task CheckAsync(string path, string what, Func<Task<Reply>> send, List<string> failures)
    {
        var before = await StoredAsync();
        var reply = await send();
        var after = await StoredAsync();
        if (reply.Status >= 500 || !IsJsonOrEmpty(reply.Body)) failures.Add($"{what} -> {reply}");
        var accepted = reply.Status is >= 200 and < 300;
        var mustNotWrite = !accepted || path == "/v1/objects/validate" || EveryItemFailed(reply);
        if (mustNotWrite && after != before)
            failures.Add($"{what} -> {reply.Status}, but the stored data changed:\n  before: {before}\n  after:  {after}");
        if (after != before) await ReseedAsync();
    }

    /// <summary>A batch answer (a JSON array of per-item results) in which every item FAILED.</summary>
    private static bool EveryItemFailed(Reply reply)
    {
        if (reply.Status != 200 || !reply.Body.StartsWith('[')) return false;
        var items = reply.Json.AsArray();
        return items.Count > 0 && items.All(i => (string?)i?["result"]?["status"] == "FAILED");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static readonly (string Method, string Path)[] Routes =
    [
        ("POST", "/v1/objects"), ("POST", "/v1/objects/validate"),
        ("PUT", $"/v1/objects/A/{Id}"), ("PATCH", $"/v1/objects/A/{Id}"), ("DELETE", $"/v1/objects/A/{Id}"),
        ("PUT", $"/v1/objects/{Id}"), ("PATCH", $"/v1/objects/{Id}"),
        ("POST", $"/v1/objects/A/{Id}/references/r"), ("PUT", $"/v1/objects/A/{Id}/references/r"), ("DELETE", $"/v1/objects/A/{Id}/references/r"),
        ("POST", $"/v1/objects/A/{Id}/references/x"), ("POST", $"/v1/objects/{Id}/references/r"),
        ("POST", "/v1/batch/objects"), ("DELETE", "/v1/batch/objects"), ("POST", "/v1/batch/references"),
        ("POST", "/v1/schema"), ("PUT", "/v1/schema/A"), ("POST", "/v1/schema/A/properties"),
    ];

    private static readonly string[] Bodies =
    [
        "", "{", "}", "[", "{\"a\":}", "nul", "null", "true", "1", "-0", "1e999", "\"s\"", "[]", "{}", "[null]", "[1]", "[[]]", "{\"a\":1,\"a\":2}",
        new string('[', 40) + new string(']', 40), "{\"x\":" + new string('{', 20),
        """{"class":null,"id":null,"properties":null,"vector":null,"tenant":null}""",
        """{"class":"","properties":{}}""", """{"class":"A","properties":{"":1}}""", """{"class":"a b\u0000"}""", """{"class":"Ä","properties":{"ß":"∂"}}""",
        """{"class":"A","properties":{"x":1e400,"n":1e400}}""", """{"class":"A","properties":{"n":-99999999999999999999999999}}""",
        """{"class":"A","properties":{"x":"\ud800","n":"\udfff"}}""", """{"class":"A","properties":{"new":[1,"a",null,{}]}}""",
        """{"class":"A","properties":{"r":{"beacon":1}}}""", """{"class":"A","properties":{"r":[{"beacon":"weaviate://localhost/A/zzz"}]}}""",
        """{"class":"A","properties":{"r":[{"beacon":null}]}}""", """{"class":"A","properties":{"r":[1]}}""", """{"class":"A","properties":{"nested":{"a":{"b":{"c":[[[]]]}}}}}""",
        """{"class":"A","vector":[null]}""", """{"class":"A","vector":[1e400]}""", """{"class":"A","vector":[[1]]}""", """{"class":"A","vector":{}}""",
        """{"class":"A","id":"F0000000-0000-4000-8000-000000000001"}""", """{"class":"A","id":"f00000000000400080000000000000001"}""",
        """{"beacon":null}""", """{"beacon":5}""", """{"beacon":"weaviate://localhost/"}""", """[{"beacon":"weaviate://"}]""", """[{"beacon":[]}]""",
        """{"objects":null}""", """{"objects":{}}""", """{"objects":[null]}""", """{"objects":[1]}""", """{"objects":[{"class":5}]}""", """{"objects":[{}]}""", """{"objects":[{"class":"A","properties":{"x":[]}}]}""",
        """[{"from":null,"to":null}]""", """[{"from":"weaviate://localhost/A/x/r","to":1}]""", """[{"from":"weaviate://localhost/A/%s/r","to":"weaviate://localhost/A/%s"}]""",
        """{"match":null}""", """{"match":{"class":null,"where":null}}""", """{"match":{"class":"A","where":{"operator":"Equal","path":["x"]}}}""",
        """{"match":{"class":"A","where":{"operator":"And","operands":[null]}}}""", """{"match":{"class":"A","where":{"path":[],"operator":"Like","valueText":"*"}}}""",
        """{"class":"A","properties":[null]}""", """{"class":"A","properties":[{"name":null,"dataType":null}]}""", """{"name":"p","dataType":["A[]"]}""",
        """{"name":"","dataType":[]}""", """{"class":"A","vectorIndexConfig":{"distance":5}}""", """{"class":"A","moduleConfig":[1]}""",
    ];

    [Fact]
    public async Task No_malformed_body_on_any_write_route_produces_a_server_error_or_changes_stored_data()
    {
        var failures = new List<string>();
        var refused = 0;
        foreach (var (method, path) in Routes)
            foreach (var body in Bodies)
            {
                await CheckAsync(path, $"{method} {path} {body}", async () =>
                {
                    var reply = await _server.SendAsync(new HttpMethod(method), path, body.Replace("%s", Id, StringComparison.Ordinal));
                    if (reply.Status is >= 400 and < 500) refused++;
                    return reply;
                }, failures);
            }
        foreach (var (method, path) in Routes)
        {
            await CheckAsync(path, $"{method} {path} <invalid utf-8>", async () =>
            {
                using var content = new ByteArrayContent([(byte)'{', (byte)'"', 0xFF, 0xFE, (byte)'"', (byte)':', (byte)'1', (byte)'}']);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await _server.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = content });
                var reply = new Reply((int)response.StatusCode, await response.Content.ReadAsStringAsync(), new Dictionary<string, string>());
                // Every route that reads a body refuses bytes that are not UTF-8 with a 400 naming them; deleting an object reads none.
                var readsBody = method != "DELETE" || path.Contains("/references/", StringComparison.Ordinal) || path.StartsWith("/v1/batch/", StringComparison.Ordinal);
                if (readsBody && (reply.Status != 400 || !reply.Body.Contains("invalid UTF-8", StringComparison.Ordinal)))
                    failures.Add($"{method} {path} <invalid utf-8> -> {reply} (expected 400 naming the invalid UTF-8)");
                return reply;
            }, failures);
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // The table is mostly refusals: a server that accepted (and ignored) everything would not be tested by it.
        Assert.True(refused > Routes.Length * Bodies.Length / 2, $"only {refused} of {Routes.Length * Bodies.Length} requests were refused");
        Assert.Equal(200, (await _server.GetAsync("/v1/meta")).Status);
    }

    private static bool IsJsonOrEmpty(string body)
    {
        if (body.Length == 0) return true;
        try { JsonNode.Parse(Encoding.UTF8.GetBytes(body)); return true; }
        catch (System.Text.Json.JsonException) { return false; }
    }
}
