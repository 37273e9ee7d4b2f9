using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.BatchService.JournalTestKit;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.BatchService;

/// <summary>Undo deletes exactly what its batch created and nothing changed since; the rest is skipped with a reason.</summary>
public sealed class BatchUndoTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await _server.CreateClassAsync("""{"class":"Doc","properties":[{"name":"k","dataType":["text"]}]}""");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task<string> Import(string batchId, params JsonNode[] objects)
    {
        var reply = await _server.SendWithAsync(HttpMethod.Post, "/v1/batch/objects",
            new JsonObject { ["objects"] = new JsonArray(objects.Select(o => o.DeepClone()).ToArray()) }, H(("X-Batch-Id", batchId)));
        Assert.Equal(200, reply.Status);
        return batchId;
    }

    [Fact]
    public async Task Undo_removes_what_the_batch_created_and_skips_the_rest()
    {
        await Import("before", Obj("Doc", Id(1), """{"k":"old"}"""));
        await Import("b", Obj("Doc", Id(1), """{"k":"replaced"}"""), Obj("Doc", Id(2), """{"k":"new"}"""), Obj("Doc", Id(3), """{"k":"new"}"""),
            Obj("Doc", Id(4), """{"k":"new"}"""), Obj("Doc", Id(5), """{"k":"new"}"""));
        await Import("later", Obj("Doc", Id(3), """{"k":"changed"}"""));
        Assert.Equal(204, (await _server.DeleteAsync($"/v1/objects/Doc/{Id(4)}")).Status);
        Assert.Equal(204, (await _server.PatchAsync($"/v1/objects/Doc/{Id(5)}", J("""{"properties":{"k":"patched"}}"""))).Status);
        await Import("other", Obj("Doc", Id(6), """{"k":"unrelated"}"""));

        var dry = await _server.PostAsync("/api/batch/v1/b/undo?dryRun=true", null);
        Assert.Equal(200, dry.Status);
        Assert.True((bool)dry.Json["dryRun"]!);
        Assert.Equal([Id(2)], dry.Json["deleted"]!.AsArray().Select(d => (string)d!["id"]!).ToList());
        Assert.Equal(5, await _server.CountAsync("Doc")); // the dry run deleted nothing

        var undo = await _server.PostAsync("/api/batch/v1/b/undo", null);
        Assert.Equal(200, undo.Status);
        Assert.Equal([Id(2)], undo.Json["deleted"]!.AsArray().Select(d => (string)d!["id"]!).ToList());
        var skipped = undo.Json["skipped"]!.AsArray().ToDictionary(s => (string)s!["id"]!, s => (string)s!["reason"]!);
        Assert.Equal("existed before this batch", skipped[Id(1)]);
        Assert.Equal("changed by batch later since", skipped[Id(3)]);
        Assert.Equal("deleted since", skipped[Id(4)]);
        Assert.Equal("changed since by a single-object write", skipped[Id(5)]);
        Assert.Null(await _server.GetObjectAsync("Doc", Id(2)));
        Assert.Equal(4, await _server.CountAsync("Doc"));
        Assert.NotNull(await _server.GetObjectAsync("Doc", Id(6)));

        var undoId = (string)undo.Json["undoBatch"]!;
        Assert.Equal(undoId, undo.Headers["X-Batch-Id"]);
        var s = await _server.SummaryAsync(undoId);
        Assert.Equal("batch.undo", (string)s["service"]!);
        Assert.Equal("undo of batch b", (string)s["reason"]!);
        Assert.Equal([Id(2)], Ids(s, "Doc"));
    }

    [Fact]
    public async Task Undo_of_a_batch_service_batch_and_of_an_unknown_batch()
    {
        var posted = await _server.PostAsync("/api/batch/v1?collection=Doc", VarBatch("vb", J("""{"_id":"A","k":"x"}"""), J("""{"_id":"B","k":"y"}""")));
        Assert.Equal(2, Ids(posted.Json, "Doc").Count);
        var undo = await _server.PostAsync("/api/batch/v1/vb/undo", null);
        Assert.Equal(2, undo.Json["deleted"]!.AsArray().Count);
        Assert.Equal(0, await _server.CountAsync("Doc"));
        Assert.Equal(404, (await _server.PostAsync("/api/batch/v1/none/undo", null)).Status);
    }
}
