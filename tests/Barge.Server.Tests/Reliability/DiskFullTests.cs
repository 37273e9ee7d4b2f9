using System.Text.Json.Nodes;
using Barge.Core.Storage;
using Barge.Server.Grpc.Protocol;
using Barge.Server.Tests.Support;
using Barge.Storage.Sqlite;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using static Barge.Server.Tests.BatchService.JournalTestKit;
using static Barge.Server.Tests.Grpc.GrpcKit;
using static Barge.Server.Tests.Hat.HatKit;
using static Barge.Server.Tests.Weaviate.BatchTestKit;
using Value = Google.Protobuf.WellKnownTypes.Value;
using WeaviateClient = Barge.Server.Grpc.Protocol.Weaviate.WeaviateClient;

namespace Barge.Server.Tests.Reliability;

/// <summary>
/// A full disk, on SQLite: a test cannot fill a real disk without root, so the database is capped at a few pages past
/// its size (SQLite's <c>max_page_count</c> on the writer's connection), which fails the next write that needs more
/// with SQLITE_FULL exactly as a full disk does. Each dialect answers 507 with <c>Retry-After</c> and Barge's own
/// message in its error shape, nothing of the refused request is written, what was written before stays readable, the
/// journal says why the batch failed, and writes resume once the cap is lifted.
/// </summary>
public sealed class DiskFullTests : IAsyncLifetime
{
    /// <summary>Room left under the cap: enough for a journal row, far from enough for the big batches below.</summary>
    private const long HeadroomPages = 64;
    private const string OurMessage = "out of disk space";
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartSqliteAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private SqliteStore Store => (SqliteStore)_server.Server.Services.GetRequiredService<IObjectStore>();

    private async Task FillDiskAsync()
    {
        var size = await Store.LimitPagesForTestsAsync(1); // never below the current size: this reads it
        await Store.LimitPagesForTestsAsync(size + HeadroomPages);
    }

    /// <summary>Two megabytes of objects: far more than the headroom.</summary>
    private static string BigBatch(string cls, int first) =>
        new JsonObject
        {
            ["objects"] = new JsonArray(Enumerable.Range(first, 10)
                .Select(n => (JsonNode)Obj(cls, Id(n), new JsonObject { ["title"] = Noise() + n }.ToJsonString())).ToArray()),
        }.ToJsonString();

    /// <summary>200 kB that do not compress (the store may compress what it keeps), as words so that they index as text.</summary>
    private static string Noise() =>
        string.Join(' ', Enumerable.Range(0, 200_000 / 33).Select(_ => Guid.NewGuid().ToString("N")));

    private static string Small(string cls, int n) =>
        new JsonObject { ["objects"] = new JsonArray(Obj(cls, Id(n), $$"""{"title":"small {{n}}"}""")) }.ToJsonString();

    private static void AssertRetryAfter(Reply reply)
    {
        Assert.True(reply.Headers.TryGetValue("Retry-After", out var retry), reply.ToString());
        Assert.True(int.Parse(retry, System.Globalization.CultureInfo.InvariantCulture) >= 1, retry);
    }

    private static void AssertNoEngineText(string text)
    {
        Assert.DoesNotContain("SQLite", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("database or disk is full", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_full_disk_answers_507_keeps_what_was_written_and_writes_resume_when_space_returns()
    {
        await _server.CreateClassAsync("""{"class":"Full","properties":[{"name":"title","dataType":["text"]}]}""");
        for (var n = 1; n <= 5; n++) Assert.Equal(200, (await _server.PostAsync("/v1/batch/objects", Small("Full", n))).Status);
        await FillDiskAsync();

        const string batchId = "0190b8a0-0000-7000-8000-000000000507";
        var refused = await _server.SendWithAsync(HttpMethod.Post, "/v1/batch/objects", BigBatch("Full", 100), H(("X-Batch-Id", batchId)));

        Assert.Equal(507, refused.Status);
        AssertRetryAfter(refused);
        Assert.Contains(OurMessage, refused.ErrorMessage, StringComparison.Ordinal);
        AssertNoEngineText(refused.Body);
        // Nothing half-written: the batch's transaction rolled back whole.
        Assert.Equal(5, await _server.CountAsync("Full"));
        Assert.Null(await _server.GetObjectAsync("Full", Id(100)));
        // Reads keep working, earlier objects intact.
        var earlier = await _server.GetObjectAsync("Full", Id(3));
        Assert.Equal("small 3", (string)earlier!["properties"]!["title"]!);
        // The journal says the batch failed, and why.
        var journaled = await _server.GetAsync($"/api/batch/v1/{batchId}");
        Assert.Equal(200, journaled.Status);
        Assert.Equal("failed", (string)journaled.Json["status"]!);
        Assert.Contains(OurMessage, (string)journaled.Json["message"]!, StringComparison.Ordinal);

        await Store.LimitPagesForTestsAsync(null);
        var resumed = await _server.PostAsync("/v1/batch/objects", BigBatch("Full", 100));
        Assert.Equal(200, resumed.Status);
        Assert.Equal(15, await _server.CountAsync("Full"));
    }

    [Fact]
    public async Task Hat_answers_507_in_its_error_shape()
    {
        Assert.Equal(201, (await _server.HatAsync(HttpMethod.Post, "/api/v2.6/data-batch", SeedBatch)).Status);
        await FillDiskAsync();
        var big = new JsonArray(Enumerable.Range(0, 10)
            .Select(n => (JsonNode)new JsonObject { ["endpoint"] = "rumpel/big", ["data"] = new JsonObject { ["text"] = Noise() + n } }).ToArray());

        var reply = await _server.HatAsync(HttpMethod.Post, "/api/v2.6/data-batch", big.ToJsonString());

        Assert.Equal(507, reply.Status);
        AssertRetryAfter(reply);
        Assert.Contains(OurMessage, (string)reply.Json["cause"]!, StringComparison.Ordinal);
        AssertNoEngineText(reply.Body);
        Assert.Equal(200, (await _server.HatAsync(HttpMethod.Get, "/api/v2.6/data/rumpel/notable")).Status);
    }

    [Fact]
    public async Task The_batch_service_answers_507_as_a_problem()
    {
        await FillDiskAsync();
        var elements = Enumerable.Range(0, 10).Select(n => JsonNode.Parse($$"""{"_id":"E{{n}}","text":"{{Noise()}}"}""")!).ToArray();

        var reply = await _server.PostAsync("/api/batch/v1?collection=Crowded", VarBatch("0190b8a0-0000-7000-8000-000000000508", elements));

        Assert.Equal(507, reply.Status);
        AssertRetryAfter(reply);
        Assert.StartsWith("application/problem+json", reply.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal(507, (int)reply.Json["status"]!);
        Assert.Contains(OurMessage, (string)reply.Json["detail"]!, StringComparison.Ordinal);
        AssertNoEngineText(reply.Body);
    }

    [Fact]
    public async Task Grpc_batch_objects_answers_resource_exhausted_with_our_message()
    {
        await _server.CreateClassAsync("""{"class":"Full","properties":[{"name":"title","dataType":["text"]}]}""");
        await FillDiskAsync();
        using var channel = _server.GrpcChannel();
        var client = new WeaviateClient(channel);
        var request = new BatchObjectsRequest();
        for (var n = 0; n < 10; n++) request.Objects.Add(Object("Full", Id(n), Struct(("title", Value.ForString(Noise() + n)))));

        var refused = await Assert.ThrowsAsync<RpcException>(async () => await client.BatchObjectsAsync(request));

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains(OurMessage, refused.Status.Detail, StringComparison.Ordinal);
        AssertNoEngineText(refused.Status.Detail);
        Assert.NotNull(refused.Trailers.Get("grpc-retry-pushback-ms"));
    }
}
