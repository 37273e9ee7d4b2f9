using Barge.Server.Tests.Support;

namespace Barge.Server.Tests.Weaviate;

/// <summary>Batch routes carry X-Batch-Succeeded / X-Batch-Failed even when the whole request is refused.</summary>
public sealed class BatchCountHeadersTests : IAsyncLifetime
{
    private TestServer _server = null!;
    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync(o => o with { MaxBatchItems = 2 });
    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("/v1/batch/objects", """{"objects":[]}""", 422, "0")]
    [InlineData("/v1/batch/objects", """{"objects":[{"class":"A","id":"abc"},{"class":"A"}]}""", 422, "2")]
    [InlineData("/v1/batch/objects", """{"objects":[{"class":"A"},{"class":"A"},{"class":"A"}]}""", 413, "3")]
    [InlineData("/v1/batch/objects?consistency_level=X", """{"objects":[{"class":"A"}]}""", 400, "0")]
    [InlineData("/v1/batch/references", "[]", 422, "0")]
    [InlineData("/v1/batching/things", """{"things":[]}""", 422, "0")]
    public async Task A_refused_batch_reports_no_success_and_its_items_as_failed(string path, string body, int status, string failed)
    {
        var reply = await _server.PostAsync(path, body);
        Assert.Equal(status, reply.Status);
        Assert.Equal("0", reply.Headers["X-Batch-Succeeded"]);
        Assert.Equal(failed, reply.Headers["X-Batch-Failed"]);
    }

    [Fact]
    public async Task A_refused_delete_by_query_carries_the_headers_too()
    {
        var reply = await _server.DeleteAsync("/v1/batch/objects", """{"match":{"class":"Nope","where":{"operator":"Like","path":["id"],"valueText":"*"}}}""");
        Assert.Equal(422, reply.Status);
        Assert.Equal("0", reply.Headers["X-Batch-Succeeded"]);
        Assert.Equal("0", reply.Headers["X-Batch-Failed"]);
    }
}
