using System.Text.Json.Nodes;
using Barge.Server.Grpc.Protocol;
using Barge.Server.Tests.Support;
using Grpc.Core;
using static Barge.Server.Tests.BatchService.JournalTestKit;
using static Barge.Server.Tests.Grpc.GrpcKit;
using static Barge.Server.Tests.Weaviate.BatchTestKit;
using Value = Google.Protobuf.WellKnownTypes.Value;
using WeaviateClient = Barge.Server.Grpc.Protocol.Weaviate.WeaviateClient;

namespace Barge.Server.Tests.Reliability;

/// <summary>
/// A SQLite data folder that becomes read-only under a running server (as when the file system is remounted
/// read-only after an error): made so for real with the immutable attribute (<see cref="ImmutableFolder"/>), which
/// refuses writes through the files the server already holds open (all but SQLite's memory-mapped <c>-shm</c>, see
/// there for why). A write answers a whole-request error in the
/// dialect's shape (507 with <c>Retry-After</c> and Barge's own message, never the engine's text), nothing acknowledged
/// before is lost, reads keep working, and writes resume once the folder is writable again, without a restart.
/// Needs root or password-less sudo; skips elsewhere, except under <c>CI=true</c>, where it fails.
/// </summary>
public sealed class ReadOnlyDataFolderTests : IAsyncLifetime
{
    private const string OurMessage = "read-only";
    private TestServer? _server;
    private string _folder = null!;

    public async ValueTask InitializeAsync()
    {
        _folder = TestServer.NewDataFolder();
        _server = await TestServer.StartSqliteAsync(dataPath: _folder);
    }

    public async ValueTask DisposeAsync()
    {
        ImmutableFolder.Thaw(_folder); // first: the server's shutdown writes, and the folder must be removable
        if (_server is not null) await _server.DisposeAsync();
    }

    private void FreezeOrSkip()
    {
        var unavailable = ImmutableFolder.Unavailable(_folder);
        if (unavailable is not null && Environment.GetEnvironmentVariable("CI") == "true")
            throw new InvalidOperationException($"under CI=true the read-only folder test must run: {unavailable}");
        Assert.SkipWhen(unavailable is not null, $"a folder cannot be made read-only here: {unavailable}");
        ImmutableFolder.Freeze(_folder);
    }

    private static string Batch(string cls, int first, int count) =>
        new JsonObject
        {
            ["objects"] = new JsonArray(Enumerable.Range(first, count)
                .Select(n => (JsonNode)Obj(cls, Id(n), $$"""{"title":"object {{n}}"}""")).ToArray()),
        }.ToJsonString();

    private static void AssertRefusedAsOurs(Reply reply)
    {
        Assert.True(reply.Status is 507 or 503, reply.ToString());
        Assert.True(reply.Headers.TryGetValue("Retry-After", out var retry), reply.ToString());
        Assert.True(int.Parse(retry, System.Globalization.CultureInfo.InvariantCulture) >= 1, retry);
        AssertNoEngineText(reply.Body);
    }

    private static void AssertNoEngineText(string text)
    {
        Assert.DoesNotContain("SQLite", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("readonly database", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("disk I/O", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("unable to open", text, StringComparison.OrdinalIgnoreCase);
    }

    private TestServer Server => _server!;

    [Fact]
    public async Task Writes_are_refused_whole_reads_go_on_and_writes_resume_once_the_folder_is_writable()
    {
        await Server.CreateClassAsync("""{"class":"Frozen","properties":[{"name":"title","dataType":["text"]}]}""");
        Assert.Equal(200, (await Server.PostAsync("/v1/batch/objects", Batch("Frozen", 1, 5))).Status);
        FreezeOrSkip();

        var refused = await Server.SendWithAsync(HttpMethod.Post, "/v1/batch/objects", Batch("Frozen", 100, 10),
            H(("X-Batch-Id", "0190b8a0-0000-7000-8000-000000000509")));
        AssertRefusedAsOurs(refused);
        Assert.Contains(OurMessage, refused.ErrorMessage, StringComparison.Ordinal);
        var single = await Server.PostAsync("/v1/objects", Obj("Frozen", Id(200), """{"title":"single"}""").ToJsonString());
        AssertRefusedAsOurs(single);
        Assert.Contains(OurMessage, single.ErrorMessage, StringComparison.Ordinal);

        // Reads go on: what was acknowledged is there, nothing of the refused requests is.
        Assert.Equal(5, await Server.CountAsync("Frozen"));
        Assert.Equal("object 3", (string)(await Server.GetObjectAsync("Frozen", Id(3)))!["properties"]!["title"]!);
        Assert.Null(await Server.GetObjectAsync("Frozen", Id(100)));
        Assert.Null(await Server.GetObjectAsync("Frozen", Id(200)));
        var search = await Server.PostAsync("/v1/graphql", new JsonObject { ["query"] = "{Get{Frozen(where:{path:[\"title\"],operator:Equal,valueText:\"object\"}){title}}}" }.ToJsonString());
        Assert.Equal(200, search.Status);
        Assert.Equal(5, search.Json["data"]!["Get"]!["Frozen"]!.AsArray().Count);

        // gRPC answers in its own shape.
        using (var channel = Server.GrpcChannel())
        {
            var request = new BatchObjectsRequest { Objects = { Object("Frozen", Id(300), Struct(("title", Value.ForString("grpc")))) } };
            var grpc = await Assert.ThrowsAsync<RpcException>(async () => await new WeaviateClient(channel).BatchObjectsAsync(request));
            Assert.Equal(StatusCode.ResourceExhausted, grpc.StatusCode);
            Assert.Contains(OurMessage, grpc.Status.Detail, StringComparison.Ordinal);
            AssertNoEngineText(grpc.Status.Detail);
        }

        ImmutableFolder.Thaw(_folder);
        var resumed = await Server.PostAsync("/v1/batch/objects", Batch("Frozen", 100, 10));
        Assert.Equal(200, resumed.Status);
        Assert.All(resumed.Json.AsArray(), item => Assert.Equal("SUCCESS", (string)item!["result"]!["status"]!));
        Assert.Equal(15, await Server.CountAsync("Frozen"));

        // And what was written survives a restart (the folder's files were not left broken).
        _server = await Server.RestartAsync();
        Assert.Equal(15, await Server.CountAsync("Frozen"));
    }

    /// <summary>
    /// A server started on a folder that is already read-only (after a crash on a file system the kernel remounted
    /// read-only, say) stops its start with a message naming the folder, which <c>barge serve</c> prints as
    /// "cannot start" (exit 1), not an unhandled exception.
    /// </summary>
    [Fact]
    public async Task A_start_on_a_read_only_folder_is_refused_with_a_message_naming_it()
    {
        await Server.CreateClassAsync("""{"class":"Frozen","properties":[{"name":"title","dataType":["text"]}]}""");
        Assert.Equal(200, (await Server.PostAsync("/v1/batch/objects", Batch("Frozen", 1, 5))).Status);
        await Server.DisposeAsync();
        _server = null;
        FreezeOrSkip();

        var refused = await Assert.ThrowsAsync<IOException>(() => TestServer.StartSqliteAsync(dataPath: _folder));
        Assert.Contains($"the data folder '{_folder}' cannot be written", refused.Message, StringComparison.Ordinal);

        ImmutableFolder.Thaw(_folder);
        _server = await TestServer.StartSqliteAsync(dataPath: _folder);
        Assert.Equal(5, await Server.CountAsync("Frozen"));
    }
}
