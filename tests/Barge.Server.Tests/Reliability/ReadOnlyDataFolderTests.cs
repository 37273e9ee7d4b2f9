using System.Text.Json.Nodes;
using Barge.Server.Grpc.Protocol;
using Barge.Server.Tests.Support;
using Grpc.Core;
using static Barge.Server.Tests.BatchService.JournalTestKit;
using static Barge.Server.Tests.Grpc.GrpcKit;
using static Barge.Server.Tests.Hat.HatKit;
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
/// before is lost, reads keep working, and writes resume once the folder is writable again, without a restart. A server
/// started on a folder that is read-only already serves its reads and refuses every write by the same rule.
/// Needs root or password-less sudo (the start-up cases also run as another user, by permissions); skips elsewhere,
/// except under <c>CI=true</c>, where it fails.
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
        Thaw(); // first: the server's shutdown writes, and the folder must be removable
        if (_server is not null) await _server.DisposeAsync();
    }

    /// <summary>
    /// Makes the folder unwritable: with the immutable attribute where it can be set; where it cannot and no server
    /// holds the folder (<paramref name="serverStopped"/>) and the tests do not run as root (whom permissions do not
    /// stop), by taking the write permission away. Otherwise skips, except under <c>CI=true</c>.
    /// </summary>
    private void FreezeOrSkip(bool includingSharedMemory = false, bool serverStopped = false)
    {
        var unavailable = ImmutableFolder.Unavailable(_folder);
        if (unavailable is not null && serverStopped && Environment.UserName != "root" && !OperatingSystem.IsWindows())
        {
            foreach (var path in Directory.GetFiles(_folder).Append(_folder)) File.SetUnixFileMode(path, File.GetUnixFileMode(path) & ~WriteBits);
            _unwritableByMode = true;
            return;
        }
        if (unavailable is not null && Environment.GetEnvironmentVariable("CI") == "true")
            throw new InvalidOperationException($"under CI=true the read-only folder test must run: {unavailable}");
        Assert.SkipWhen(unavailable is not null, $"a folder cannot be made read-only here: {unavailable}");
        ImmutableFolder.Freeze(_folder, includingSharedMemory);
    }

    private const UnixFileMode WriteBits = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
    private bool _unwritableByMode;

    private void Thaw()
    {
        ImmutableFolder.Thaw(_folder);
        if (!_unwritableByMode || OperatingSystem.IsWindows()) return;
        foreach (var path in Directory.GetFiles(_folder).Append(_folder)) File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserWrite);
        _unwritableByMode = false;
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

        Thaw();
        var resumed = await Server.PostAsync("/v1/batch/objects", Batch("Frozen", 100, 10));
        Assert.Equal(200, resumed.Status);
        Assert.All(resumed.Json.AsArray(), item => Assert.Equal("SUCCESS", (string)item!["result"]!["status"]!));
        Assert.Equal(15, await Server.CountAsync("Frozen"));

        // And what was written survives a restart (the folder's files were not left broken).
        _server = await Server.RestartAsync();
        Assert.Equal(15, await Server.CountAsync("Frozen"));
    }

    private const string OpenedReadOnlyMessage = "opened on a read-only data folder";

    /// <summary>
    /// A server started on a folder that is already read-only (after a crash on a file system the kernel remounted
    /// read-only, say, or on a read-only mount) serves what it holds: every read answers, every write of every dialect
    /// is refused whole with the full-disk rule's answer (507, <c>Retry-After</c>, Barge's message saying a restart is
    /// needed), readiness says "read-only" and why, and nothing of the refused writes is there once the folder is
    /// writable and the server started again.
    /// </summary>
    [Fact]
    public async Task A_server_started_on_a_read_only_folder_serves_reads_and_refuses_every_write_whole()
    {
        await Server.CreateClassAsync("""{"class":"Frozen","properties":[{"name":"title","dataType":["text"]}]}""");
        Assert.Equal(200, (await Server.PostAsync("/v1/batch/objects", Batch("Frozen", 1, 5))).Status);
        Assert.Equal(201, (await Server.HatAsync(HttpMethod.Post, "/api/v2.6/data-batch", SeedBatch)).Status);
        await Server.DisposeAsync();
        _server = null;
        FreezeOrSkip(serverStopped: true);

        _server = await TestServer.StartSqliteAsync(dataPath: _folder);

        var ready = await Server.GetAsync("/v1/.well-known/ready");
        Assert.Equal(200, ready.Status);
        Assert.Equal("readOnly", (string)ready.Json["status"]!);
        Assert.Contains("cannot be written", (string)ready.Json["message"]!, StringComparison.Ordinal);
        Assert.DoesNotContain(_folder, ready.Body, StringComparison.Ordinal);
        Assert.Equal(200, (await Server.GetAsync("/v1/.well-known/live")).Status);

        // Reads answer.
        Assert.Equal(5, await Server.CountAsync("Frozen"));
        Assert.Equal("object 3", (string)(await Server.GetObjectAsync("Frozen", Id(3)))!["properties"]!["title"]!);
        var search = await Server.PostAsync("/v1/graphql", new JsonObject { ["query"] = "{Get{Frozen(where:{path:[\"title\"],operator:Equal,valueText:\"object\"}){title}}}" }.ToJsonString());
        Assert.Equal(200, search.Status);
        Assert.Equal(5, search.Json["data"]!["Get"]!["Frozen"]!.AsArray().Count);
        Assert.Equal(200, (await Server.HatAsync(HttpMethod.Get, "/api/v2.6/data/rumpel/notable")).Status);

        // Every write is refused whole, in its dialect's shape.
        foreach (var refused in new[]
                 {
                     await Server.SendWithAsync(HttpMethod.Post, "/v1/batch/objects", Batch("Frozen", 100, 10),
                         H(("X-Batch-Id", "0190b8a0-0000-7000-8000-000000000510"))),
                     await Server.PostAsync("/v1/objects", Obj("Frozen", Id(200), """{"title":"single"}""").ToJsonString()),
                     await Server.SendAsync(HttpMethod.Delete, $"/v1/objects/Frozen/{Id(2)}", null),
                     await Server.PostAsync("/v1/schema", """{"class":"Thawed","properties":[{"name":"title","dataType":["text"]}]}"""),
                 })
        {
            AssertRefusedAsOurs(refused);
            Assert.Contains(OpenedReadOnlyMessage, refused.ErrorMessage, StringComparison.Ordinal);
        }
        var hat = await Server.HatAsync(HttpMethod.Post, "/api/v2.6/data-batch",
            """[{"endpoint":"rumpel/frozen","data":{"text":"refused"}}]""");
        AssertRefusedAsOurs(hat);
        Assert.Contains(OpenedReadOnlyMessage, (string)hat.Json["cause"]!, StringComparison.Ordinal);
        var problem = await Server.PostAsync("/api/batch/v1?collection=Crowded",
            VarBatch("0190b8a0-0000-7000-8000-000000000511", JsonNode.Parse("""{"_id":"E1","text":"refused"}""")!));
        AssertRefusedAsOurs(problem);
        Assert.StartsWith("application/problem+json", problem.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Contains(OpenedReadOnlyMessage, (string)problem.Json["detail"]!, StringComparison.Ordinal);
        using (var channel = Server.GrpcChannel())
        {
            var request = new BatchObjectsRequest { Objects = { Object("Frozen", Id(300), Struct(("title", Value.ForString("grpc")))) } };
            var grpc = await Assert.ThrowsAsync<RpcException>(async () => await new WeaviateClient(channel).BatchObjectsAsync(request));
            Assert.Equal(StatusCode.ResourceExhausted, grpc.StatusCode);
            Assert.Contains(OpenedReadOnlyMessage, grpc.Status.Detail, StringComparison.Ordinal);
            AssertNoEngineText(grpc.Status.Detail);
        }
        Assert.Equal(5, await Server.CountAsync("Frozen"));
        Assert.NotNull(await Server.GetObjectAsync("Frozen", Id(2)));

        // Writable and started again: nothing of the refused writes is there, and the same writes succeed.
        await Server.DisposeAsync();
        _server = null;
        Thaw();
        _server = await TestServer.StartSqliteAsync(dataPath: _folder);
        Assert.Equal(5, await Server.CountAsync("Frozen"));
        Assert.Null(await Server.GetObjectAsync("Frozen", Id(100)));
        Assert.Null(await Server.GetObjectAsync("Frozen", Id(200)));
        Assert.Equal(404, (await Server.GetAsync("/v1/schema/Thawed")).Status);
        var frozenRecords = await Server.HatAsync(HttpMethod.Get, "/api/v2.6/data/rumpel/frozen");
        Assert.Equal(200, frozenRecords.Status);
        Assert.Empty(frozenRecords.Json.AsArray());
        Assert.Equal(200, (await Server.GetAsync("/v1/.well-known/ready")).Status);
        var resumed = await Server.PostAsync("/v1/batch/objects", Batch("Frozen", 100, 10));
        Assert.All(resumed.Json.AsArray(), item => Assert.Equal("SUCCESS", (string)item!["result"]!["status"]!));
        Assert.Equal(15, await Server.CountAsync("Frozen"));
    }

    /// <summary>
    /// A crash leaves the WAL beside the database, holding commits the database file may not have yet: a start on that
    /// folder once it is read-only reads through the WAL (here: the files of a running server, copied as a crash
    /// leaves them, into a folder then made read-only).
    /// </summary>
    [Fact]
    public async Task A_read_only_start_after_a_crash_reads_what_the_WAL_holds()
    {
        await Server.CreateClassAsync("""{"class":"Frozen","properties":[{"name":"title","dataType":["text"]}]}""");
        Assert.Equal(200, (await Server.PostAsync("/v1/batch/objects", Batch("Frozen", 1, 7))).Status);
        await Task.Delay(500); // the background checkpointer is idle again: the copy is of files at rest
        var crashed = TestServer.NewDataFolder();
        Directory.CreateDirectory(crashed);
        foreach (var file in Directory.GetFiles(_folder)) File.Copy(file, Path.Combine(crashed, Path.GetFileName(file)));
        Assert.True(File.Exists(Path.Combine(crashed, "barge.db-wal")), "a running server's folder holds its WAL");
        await Server.DisposeAsync();
        _server = null;
        _folder = crashed; // frozen, thawed and cleaned up from here
        FreezeOrSkip(includingSharedMemory: true, serverStopped: true);

        _server = await TestServer.StartSqliteAsync(dataPath: _folder);

        Assert.Equal(7, await Server.CountAsync("Frozen"));
        Assert.Equal("object 6", (string)(await Server.GetObjectAsync("Frozen", Id(6)))!["properties"]!["title"]!);
        AssertRefusedAsOurs(await Server.PostAsync("/v1/batch/objects", Batch("Frozen", 100, 1)));
    }

    /// <summary>
    /// A read-only folder that holds no store yet has nothing to serve: the start stops with a message naming the folder,
    /// which <c>barge serve</c> prints as "cannot start" (exit 1), not an unhandled exception.
    /// </summary>
    [Fact]
    public async Task A_start_on_a_read_only_folder_without_a_store_is_refused_with_a_message_naming_it()
    {
        await Server.DisposeAsync();
        _server = null;
        foreach (var file in Directory.GetFiles(_folder)) File.Delete(file);
        FreezeOrSkip(serverStopped: true);

        var refused = await Assert.ThrowsAsync<IOException>(() => TestServer.StartSqliteAsync(dataPath: _folder));
        Assert.Contains($"the data folder '{_folder}' cannot be written", refused.Message, StringComparison.Ordinal);
        Assert.Contains("holds no store yet", refused.Message, StringComparison.Ordinal);

        Thaw();
        _server = await TestServer.StartSqliteAsync(dataPath: _folder);
        Assert.Equal(200, (await Server.GetAsync("/v1/.well-known/ready")).Status);
    }
}
