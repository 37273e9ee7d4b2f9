using System.Net.Http.Headers;
using Barge.Server.Tests.Support;

namespace Barge.Server.Tests.Hosting;

/// <summary>
/// Malformed bodies on the batch-service and HAT routes get the dialect's 400 (they share the v1 body reader), never a
/// 500, and write nothing; lone surrogate escapes are not malformed: they are repaired as on the v1 routes.
/// </summary>
public sealed class OtherDialectsNoServerErrorTests : IAsyncLifetime
{
    private TestServer _server = null!;
    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync(o => o with { MaxJsonDepth = 8 });
    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    /// <summary>A path, a bad body, and what the dialect's error says (problem <c>detail</c> or HAT's <c>cause</c>).</summary>
    public static TheoryData<string, string, string> Bodies() => new()
    {
        { "/api/batch/v1", "", "the body is required" },
        { "/api/batch/v1", "{", "the body is not valid JSON: " },
        { "/api/batch/v1", """{"a":1,"a":2}""", "the body is not valid JSON: Duplicate property 'a'" },
        { "/api/batch/v1", """[[[[[[[[[[[[]]]]]]]]]]]]""", "the body is not valid JSON: The maximum configured depth of 8 has been exceeded" },
        { "/api/v2.6/data-batch", "", "the body is required" },
        { "/api/v2.6/data-batch", """[{"endpoint":"rumpel/notable","data":{"a":1,"a":2}}]""", "Invalid Json: Duplicate property 'a'" },
        { "/api/v2.6/data/rumpel/notable", "{]", "Invalid Json: " },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Bad_bodies_are_client_errors(string path, string body, string message)
    {
        var reply = await _server.PostAsync(path, body);
        Assert.Equal(400, reply.Status);
        AssertDialectError(path, reply, message);
        await AssertNothingStoredAsync();
    }

    [Theory]
    [InlineData("/api/batch/v1", "the body is not valid JSON: invalid UTF-8 in a string at byte 5")]
    [InlineData("/api/v2.6/data-batch", "Invalid Json: invalid UTF-8 in a string at byte 5")]
    public async Task Invalid_utf8_is_a_client_error(string path, string message)
    {
        using var content = new ByteArrayContent([(byte)'{', (byte)'"', (byte)'x', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}']);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _server.Client.PostAsync(path, content);
        var reply = new Reply((int)response.StatusCode, await response.Content.ReadAsStringAsync(), new Dictionary<string, string>());
        Assert.Equal(400, reply.Status);
        AssertDialectError(path, reply, message);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_batch_service_element_with_lone_surrogate_escapes_is_stored_with_replacement_characters()
    {
        var reply = await _server.PostAsync("/api/batch/v1", """{"_id":"a","_type":"VarBatch","elements":[{"_id":"\ud800","x":"\udfff"}]}""");
        Assert.Equal(200, reply.Status);
        Assert.Equal("success", (string)reply.Json["status"]!);
        var objects = (await _server.GetAsync("/v1/objects?class=Element")).Json["objects"]!.AsArray();
        var element = Assert.Single(objects)!;
        Assert.Equal("\uFFFD", (string)element["properties"]!["x"]!);
        Assert.Equal("\uFFFD", (string)element["properties"]!["externalId"]!);
    }

    [Fact]
    public async Task A_hat_record_with_a_lone_surrogate_escape_is_stored_with_a_replacement_character()
    {
        var reply = await _server.PostAsync("/api/v2.6/data-batch", """[{"endpoint":"rumpel/notable","data":{"m":"\ud800"}}]""");
        Assert.Equal(201, reply.Status);
        Assert.Equal("\uFFFD", (string)reply.Json[0]!["data"]!["m"]!);
        var stored = await _server.GetAsync("/api/v2.6/data/rumpel/notable");
        Assert.Equal(200, stored.Status);
        Assert.Equal("\uFFFD", (string)Assert.Single(stored.Json.AsArray())!["data"]!["m"]!);
    }

    /// <summary>The batch service answers a problem (<c>status</c>, <c>detail</c>); HAT its <c>{message, cause}</c> pair.</summary>
    private static void AssertDialectError(string path, Reply reply, string message)
    {
        if (path.StartsWith("/api/batch/", StringComparison.Ordinal))
        {
            Assert.Equal(400, (int)reply.Json["status"]!);
            Assert.StartsWith(message, (string)reply.Json["detail"]!, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal("Bad Request", (string)reply.Json["message"]!);
            Assert.StartsWith(message, (string)reply.Json["cause"]!, StringComparison.Ordinal);
        }
    }

    /// <summary>The server starts empty: a refused body leaves no class and no object behind it.</summary>
    private async Task AssertNothingStoredAsync()
    {
        Assert.Empty((await _server.GetAsync("/v1/schema")).Json["classes"]!.AsArray());
        Assert.Empty((await _server.GetAsync("/v1/objects")).Json["objects"]!.AsArray());
    }
}
