using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.BatchService.JournalTestKit;
using static Barge.Server.Tests.Weaviate.BatchTestKit;
using Barge.Server.Tests.BatchService;

namespace Barge.Server.Tests.Weaviate;

/// <summary>Every Weaviate batch kind leaves a summary; the X-Batch-* headers name it; answers stay Weaviate's.</summary>
public sealed class JournalWeaviateBatchTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync(o => o with { Environment = "staging" });
        await _server.CreateClassAsync("""{"class":"Doc","properties":[{"name":"k","dataType":["text"]},{"name":"n","dataType":["int"]},{"name":"link","dataType":["Doc"]}]}""");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private Task<Reply> Post(string path, JsonNode body, params (string, string)[] headers) =>
        _server.SendWithAsync(HttpMethod.Post, path, body, H(headers));

    [Fact]
    public async Task Object_batch_leaves_a_summary_named_by_the_headers()
    {
        var reply = await Post("/v1/batch/objects", J($$$"""{"objects":[{"class":"Doc","id":"{{{Id(1)}}}","properties":{"k":"a"}},{"class":"Doc","id":"{{{Id(2)}}}","properties":{"n":"bad"}}]}"""),
            ("X-Batch-Id", "load-1"), ("X-Batch-Name", "LOADER_A"), ("X-Batch-Reason", "Update Batch"), ("X-Batch-Source", "private"));
        Assert.Equal(200, reply.Status);
        Assert.Equal("load-1", reply.Headers["X-Batch-Id"]);
        Assert.Equal(2, reply.Json.AsArray().Count); // the Weaviate answer is unchanged: one item per object

        var s = await _server.SummaryAsync("load-1");
        Assert.Equal("anonymous", (string)s["user"]!);
        Assert.Equal("staging", (string)s["environment"]!);
        Assert.Equal("weaviate.batch.objects", (string)s["service"]!);
        Assert.Equal("LOADER_A", (string)s["name"]!);
        Assert.Equal("Update Batch", (string)s["reason"]!);
        Assert.Equal("private", (string)s["source"]!);
        Assert.Equal("partial", (string)s["status"]!);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$", (string)s["timestamp"]!);
        Assert.Equal([Id(1)], Ids(s, "Doc"));
        var failure = s["summary"]!["failures"]!["1"]!;
        Assert.Equal(Id(2), (string)failure["id"]!);
        Assert.Contains("n", (string)failure["reason"]!, StringComparison.Ordinal);
        Assert.Equal(2, (int)s["counts"]!["total"]!);
        Assert.Equal(1, (int)s["counts"]!["failed"]!);
        Assert.True((long)s["durationMs"]! >= 0);
        Assert.False((bool)s["dryRun"]!);
    }

    [Fact]
    public async Task Batch_id_is_generated_when_not_given_and_a_taken_id_is_refused()
    {
        var reply = await _server.ImportAsync(Obj("Doc", Id(10), """{"k":"x"}"""));
        var id = reply.Headers["X-Batch-Id"];
        Assert.True(Guid.TryParse(id, out _));
        Assert.Equal("success", (string)(await _server.SummaryAsync(id))["status"]!);
        Assert.Equal("Completed Successfully", (string)(await _server.SummaryAsync(id))["message"]!);

        var again = await Post("/v1/batch/objects", J($$$"""{"objects":[{"class":"Doc","properties":{"k":"y"}}]}"""), ("X-Batch-Id", id));
        Assert.Equal(409, again.Status);
        Assert.Contains(id, again.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reference_and_delete_batches_are_journaled_with_their_service()
    {
        await _server.ImportAsync(Obj("Doc", Id(20), """{"k":"del"}"""), Obj("Doc", Id(21), """{"k":"del"}"""));
        var refs = await Post("/v1/batch/references", J($$"""[{"from":"weaviate://localhost/Doc/{{Id(20)}}/link","to":"weaviate://localhost/Doc/{{Id(21)}}"},{"from":"weaviate://localhost/Doc/{{Id(99)}}/link","to":"weaviate://localhost/Doc/{{Id(21)}}"}]"""),
            ("X-Batch-Name", "refs"));
        Assert.Equal(200, refs.Status);
        var rs = await _server.SummaryAsync(refs.Headers["X-Batch-Id"]);
        Assert.Equal("weaviate.batch.references", (string)rs["service"]!);
        Assert.Equal("partial", (string)rs["status"]!);
        Assert.Equal([Id(20)], Ids(rs, "Doc"));
        Assert.Equal(Id(99), (string)rs["summary"]!["failures"]!["1"]!["id"]!);

        var del = await _server.SendWithAsync(HttpMethod.Delete, "/v1/batch/objects",
            J("""{"match":{"class":"Doc","where":{"path":["k"],"operator":"Equal","valueText":"del"}}}"""), H(("X-Batch-Name", "cleanup")));
        Assert.Equal(200, del.Status);
        var ds = await _server.SummaryAsync(del.Headers["X-Batch-Id"]);
        Assert.Equal("weaviate.batch.delete", (string)ds["service"]!);
        Assert.Equal("cleanup", (string)ds["name"]!);
        Assert.Equal([Id(20), Id(21)], Ids(ds, "Doc").Order().ToList());
    }
}
