using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;

namespace Barge.Server.Tests.Weaviate;

/// <summary>A table of malformed bodies sent to every write route: whatever the input, the answer is never a 5xx.</summary>
public sealed class LimitsNoServerErrorTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private const string Id = "f0000000-0000-4000-8000-000000000001";

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(o => o with { MaxJsonDepth = 16 });
        Assert.Equal(200, (await _server.PostAsync("/v1/schema", """{"class":"A","properties":[{"name":"x","dataType":["text"]},{"name":"n","dataType":["int"]},{"name":"r","dataType":["A"]}]}""")).Status);
        Assert.Equal(200, (await _server.PostAsync("/v1/objects", $$"""{"class":"A","id":"{{Id}}","properties":{"x":"keep"},"vector":[1,2]}""")).Status);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

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
    public async Task No_malformed_body_on_any_write_route_produces_a_server_error()
    {
        var failures = new List<string>();
        foreach (var (method, path) in Routes)
        foreach (var body in Bodies)
        {
            var reply = await _server.SendAsync(new HttpMethod(method), path, body.Replace("%s", Id, StringComparison.Ordinal));
            if (reply.Status >= 500 || !IsJsonOrEmpty(reply.Body)) failures.Add($"{method} {path} {body} -> {reply}");
        }
        foreach (var (method, path) in Routes)
        {
            using var content = new ByteArrayContent([(byte)'{', (byte)'"', 0xFF, 0xFE, (byte)'"', (byte)':', (byte)'1', (byte)'}']);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await _server.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = content });
            if ((int)response.StatusCode >= 500) failures.Add($"{method} {path} <invalid utf-8> -> {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(200, (await _server.GetAsync("/v1/meta")).Status);
    }

    private static bool IsJsonOrEmpty(string body)
    {
        if (body.Length == 0) return true;
        try { JsonNode.Parse(Encoding.UTF8.GetBytes(body)); return true; }
        catch (System.Text.Json.JsonException) { return false; }
    }
}
