using System.Net.Http.Headers;
using Barge.Server.Tests.Support;

namespace Barge.Server.Tests.Hosting;

/// <summary>Malformed bodies on the batch-service and HAT routes get a 4xx, never a 500 (they share the v1 body reader).</summary>
public sealed class OtherDialectsNoServerErrorTests : IAsyncLifetime
{
    private TestServer _server = null!;
    public async Task InitializeAsync() => _server = await TestServer.StartAsync(o => o with { MaxJsonDepth = 8 });
    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string, string> Bodies() => new()
    {
        { "/api/batch/v1", "" },
        { "/api/batch/v1", "{" },
        { "/api/batch/v1", """{"_id":"a","_type":"VarBatch","elements":[{"_id":"\ud800","x":"\udfff"}]}""" },
        { "/api/batch/v1", """{"a":1,"a":2}""" },
        { "/api/batch/v1", """[[[[[[[[[[[[]]]]]]]]]]]]""" },
        { "/api/v2.6/data-batch", "" },
        { "/api/v2.6/data-batch", """[{"endpoint":"rumpel/notable","data":{"m":"\ud800"}}]""" },
        { "/api/v2.6/data-batch", """[{"endpoint":"rumpel/notable","data":{"a":1,"a":2}}]""" },
        { "/api/v2.6/data/rumpel/notable", "{]" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Bad_bodies_are_client_errors(string path, string body)
    {
        var reply = await _server.PostAsync(path, body);
        Assert.InRange(reply.Status, 200, 499);
    }

    [Theory]
    [InlineData("/api/batch/v1")]
    [InlineData("/api/v2.6/data-batch")]
    public async Task Invalid_utf8_is_a_client_error(string path)
    {
        using var content = new ByteArrayContent([(byte)'{', (byte)'"', (byte)'x', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}']);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _server.Client.PostAsync(path, content);
        Assert.InRange((int)response.StatusCode, 400, 499);
    }
}
