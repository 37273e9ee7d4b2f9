using System.Net.Http.Headers;
using System.Text;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.Weaviate.ObjectsAssert;

namespace Barge.Server.Tests.Weaviate;

/// <summary>Request size, JSON depth and malformed bodies: the right 4xx in the right shape, never a 500.</summary>
public sealed class LimitsTests
{
    private const string TooLarge = "request body too large: the limit is 1000 bytes (BARGE_MAX_REQUEST_BYTES)";

    [Fact]
    public async Task A_declared_content_length_over_the_limit_is_413_json()
    {
        await using var server = await TestServer.StartAsync(o => o with { MaxRequestBytes = 1000 });
        var body = $$$"""{"class":"A","properties":{"x":"{{{new string('x', 2000)}}}"}}""";
        Framework(await server.PostAsync("/v1/objects", body), 413, 413, TooLarge);
        Status(await server.GetAsync("/v1/objects"), 200);
    }

    [Theory]
    [InlineData("/v1/objects")]
    [InlineData("/v1/batch/objects")]
    public async Task A_chunked_body_over_the_limit_is_413_json_not_500(string path)
    {
        await using var server = await TestServer.StartAsync(o => o with { MaxRequestBytes = 1000 });
        var bytes = Encoding.UTF8.GetBytes($$$"""{"class":"A","properties":{"x":"{{{new string('x', 5000)}}}"}}""");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StreamContent(new MemoryStream(bytes)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;
        using var response = await server.Client.SendAsync(request);
        var reply = new Reply((int)response.StatusCode, await response.Content.ReadAsStringAsync(), new Dictionary<string, string>());
        Framework(reply, 413, 413, TooLarge);
    }

    [Fact]
    public async Task A_chunked_body_under_the_limit_is_accepted()
    {
        await using var server = await TestServer.StartAsync(o => o with { MaxRequestBytes = 1000 });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/objects")
        {
            Content = new StreamContent(new MemoryStream("""{"class":"A"}"""u8.ToArray())),
        };
        request.Headers.TransferEncodingChunked = true;
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task Nesting_deeper_than_the_limit_is_a_framework_400()
    {
        await using var server = await TestServer.StartAsync(o => o with { MaxJsonDepth = 8 });
        var deep = """{"class":"A","properties":{"x":""" + new string('[', 10) + new string(']', 10) + "}}";
        var reply = await server.PostAsync("/v1/objects", deep);
        Status(reply, 400);
        Assert.Equal(400, (int)reply.Json["code"]!);
        Assert.StartsWith("parsing body body from \"\" failed, because ", (string)reply.Json["message"]!);
        Assert.Contains("depth", (string)reply.Json["message"]!);
    }

    [Fact]
    public async Task Malformed_json_is_a_framework_400_naming_the_position()
    {
        await using var server = await TestServer.StartAsync();
        var reply = await server.PostAsync("/v1/objects", """{"class":"A",}""");
        Status(reply, 400);
        Assert.Equal(400, (int)reply.Json["code"]!);
        Assert.StartsWith("parsing body body from \"\" failed, because ", (string)reply.Json["message"]!);
        Assert.Contains("BytePositionInLine", (string)reply.Json["message"]!);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n ")]
    [InlineData("null")]
    public async Task An_empty_body_is_422_code_602(string body)
    {
        await using var server = await TestServer.StartAsync();
        Framework(await server.PostAsync("/v1/objects", body), 422, 602, "body in body is required");
    }

    [Fact]
    public async Task Duplicate_keys_are_a_framework_400_not_a_crash()
    {
        await using var server = await TestServer.StartAsync();
        var reply = await server.PostAsync("/v1/objects", """{"class":"A","properties":{"x":1,"x":2}}""");
        Status(reply, 400);
        Assert.StartsWith("parsing body body from \"\" failed, because ", (string)reply.Json["message"]!);
        Assert.Contains("'x'", (string)reply.Json["message"]!);
    }

    [Fact]
    public async Task Lone_surrogate_escapes_become_replacement_characters_as_in_go()
    {
        await using var server = await TestServer.StartAsync();
        var reply = await server.PostAsync("/v1/objects", """{"class":"A","properties":{"x":"a\ud800b","y":"\udc00","ok":"\ud83d\ude00"}}""");
        Status(reply, 200);
        Assert.Equal("a\uFFFDb", (string)reply.Json["properties"]!["x"]!);
        Assert.Equal("\uFFFD", (string)reply.Json["properties"]!["y"]!);
        Assert.Equal("😀", (string)reply.Json["properties"]!["ok"]!);
    }

    [Fact]
    public async Task Raw_bytes_that_are_not_utf8_are_a_framework_400()
    {
        await using var server = await TestServer.StartAsync();
        var bytes = "{\"class\":\"A\",\"properties\":{\"x\":\""u8.ToArray().Concat(new byte[] { 0xC3, 0x28, 0xFF }).Concat("\"}}"u8.ToArray()).ToArray();
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await server.Client.PostAsync("/v1/objects", content);
        var reply = new Reply((int)response.StatusCode, await response.Content.ReadAsStringAsync(), new Dictionary<string, string>());
        Status(reply, 400);
        Assert.StartsWith("parsing body body from \"\" failed, because ", (string)reply.Json["message"]!);
    }
}
