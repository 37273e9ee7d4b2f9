using System.Text.Json.Nodes;
using Barge.Server.Hosting;
using Barge.Server.Tests.Support;
using Barge.Server.Tests.Weaviate;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.Backups;

/// <summary>
/// Weaviate's filesystem backup API: a backup taken on SQLite while imports run, restored into a new server (on the
/// backend the test run selects) and compared object by object; the refusals in Weaviate's shape.
/// </summary>
public sealed class BackupApiTests
{
    private const string ArticleClass = """{"class":"Article","vectorIndexConfig":{"distance":"cosine"},"properties":[{"name":"title","dataType":["text"]},{"name":"n","dataType":["int"]},{"name":"tags","dataType":["text[]"]}]}""";

    private static string NewBackupRoot() => Path.Combine(Path.GetTempPath(), "barge-tests", "backups-" + Guid.NewGuid().ToString("N"));

    private static JsonObject Article(int n) => new()
    {
        ["class"] = "Article",
        ["id"] = Id(n),
        ["properties"] = new JsonObject { ["title"] = $"article {n}", ["n"] = n, ["tags"] = new JsonArray("a", $"t{n % 7}") },
        ["vector"] = new JsonArray(n % 5 + 0.5f, 1f, -n % 3),
    };

    private static async Task ImportRangeAsync(TestServer server, int from, int count)
    {
        var reply = await server.ImportAsync([.. Enumerable.Range(from, count).Select(n => (JsonNode)Article(n))]);
        Assert.True(reply.Status == 200, reply.ToString());
        Assert.All(reply.Json.AsArray(), item => Assert.Null(item!["result"]!["errors"]));
    }

    private static async Task<JsonNode> WaitAsync(TestServer server, string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var reply = await server.GetAsync(path);
            Assert.True(reply.Status == 200, reply.ToString());
            var status = (string)reply.Json["status"]!;
            if (status is "SUCCESS" or "FAILED") return reply.Json;
            Assert.True(DateTime.UtcNow < deadline, $"{path} still {status}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_backup_taken_during_imports_restores_into_a_new_server_object_for_object()
    {
        var root = NewBackupRoot();
        await using var source = await TestServer.StartSqliteAsync(o => o with { BackupFilesystemPath = root });
        await source.CreateClassAsync(ArticleClass);
        await ImportRangeAsync(source, 0, 1500);

        // Imports go on while the backup runs; the backup holds every object acknowledged before it started.
        using var stop = new CancellationTokenSource();
        var importing = Task.Run(async () =>
        {
            for (var next = 1500; !stop.IsCancellationRequested && next < 20_000; next += 250) await ImportRangeAsync(source, next, 250);
        });
        var started = await source.PostAsync("/v1/backups/filesystem", new JsonObject { ["id"] = "during-imports" });
        Assert.True(started.Status == 200, started.ToString());
        Assert.Equal("STARTED", (string)started.Json["status"]!);
        Assert.Equal(["Article"], started.Json["classes"]!.AsArray().Select(c => (string)c!));
        Assert.Equal(Path.Combine(root, "during-imports"), (string)started.Json["path"]!);
        var done = await WaitAsync(source, "/v1/backups/filesystem/during-imports");
        await stop.CancelAsync();
        await importing;
        Assert.True((string)done["status"]! == "SUCCESS", done.ToJsonString());
        Assert.NotNull(done["completedAt"]);

        await using var target = await TestServer.StartAsync(o => o with { BackupFilesystemPath = root });
        var restore = await target.PostAsync("/v1/backups/filesystem/during-imports/restore", new JsonObject());
        Assert.True(restore.Status == 200, restore.ToString());
        Assert.Equal("STARTED", (string)restore.Json["status"]!);
        var restored = await WaitAsync(target, "/v1/backups/filesystem/during-imports/restore");
        Assert.True((string)restored["status"]! == "SUCCESS", restored.ToJsonString());

        // The class as it was, and every restored object equal to the source's, vector and times included.
        var schema = (await target.GetAsync("/v1/schema/Article")).Json;
        Assert.Equal((await source.GetAsync("/v1/schema/Article")).Json.ToJsonString(), schema.ToJsonString());
        var count = await target.CountAsync("Article");
        Assert.InRange(count, 1500, await source.CountAsync("Article"));
        string? after = null;
        var seen = new HashSet<string>();
        while (true)
        {
            var page = await target.GetAsync($"/v1/objects?class=Article&limit=500&include=vector{(after is null ? "" : "&after=" + after)}");
            var objects = page.Json["objects"]!.AsArray();
            if (objects.Count == 0) break;
            foreach (var o in objects)
            {
                var id = (string)o!["id"]!;
                var original = await source.GetAsync($"/v1/objects/Article/{id}?include=vector");
                Assert.Equal(original.Json.ToJsonString(), o.ToJsonString());
                seen.Add(id);
            }
            after = (string)objects[^1]!["id"]!;
        }
        Assert.Equal(count, seen.Count);
        Assert.All(Enumerable.Range(0, 1500), n => Assert.Contains(Id(n), seen));

        // A restore is journaled like an import: its batches name it and hold every restored object.
        var batches = await target.GetAsync("/api/batch/v1?name=restore of backup during-imports&_limit=1000");
        Assert.Equal(count, batches.Json.AsArray().Sum(b => (long)b!["counts"]!["succeeded"]!));
    }

    [Fact]
    public async Task Filtering_by_class_and_refusing_to_overwrite()
    {
        var root = NewBackupRoot();
        await using var source = await TestServer.StartSqliteAsync(o => o with { BackupFilesystemPath = root });
        await source.CreateClassAsync(ArticleClass);
        await source.CreateClassAsync("""{"class":"Note","properties":[{"name":"text","dataType":["text"]}]}""");
        await ImportRangeAsync(source, 0, 10);
        Assert.Equal(200, (await source.ImportAsync(Obj("Note", Id(100), """{"text":"kept"}"""))).Status);

        var started = await source.PostAsync("/v1/backups/filesystem", J("""{"id":"notes-only","include":["Note"]}"""));
        Assert.True(started.Status == 200, started.ToString());
        Assert.Equal(["Note"], started.Json["classes"]!.AsArray().Select(c => (string)c!));
        Assert.Equal("SUCCESS", (string)(await WaitAsync(source, "/v1/backups/filesystem/notes-only"))["status"]!);

        // The same id twice is refused; so is restoring a class that exists.
        var again = await source.PostAsync("/v1/backups/filesystem", J("""{"id":"notes-only"}"""));
        Assert.Equal(422, again.Status);
        Assert.Contains("already exists", again.ErrorMessage);
        var over = await source.PostAsync("/v1/backups/filesystem/notes-only/restore", new JsonObject());
        Assert.Equal(422, over.Status);
        Assert.Equal("cannot restore backup 'notes-only': class 'Note' already exists; delete it first or exclude it", over.ErrorMessage);

        // Once the class is gone the restore brings back only what the backup took.
        Assert.Equal(200, (await source.DeleteAsync("/v1/schema/Note")).Status);
        var restore = await source.PostAsync("/v1/backups/filesystem/notes-only/restore", new JsonObject());
        Assert.True(restore.Status == 200, restore.ToString());
        Assert.Equal("SUCCESS", (string)(await WaitAsync(source, "/v1/backups/filesystem/notes-only/restore"))["status"]!);
        Assert.Equal("kept", (string)(await source.GetObjectAsync("Note", Id(100)))!["properties"]!["text"]!);
        Assert.Equal(10, await source.CountAsync("Article"));
    }

    [Fact]
    public async Task A_restore_from_a_damaged_snapshot_fails_with_our_message_and_adds_nothing()
    {
        var root = NewBackupRoot();
        await using var server = await TestServer.StartSqliteAsync(o => o with { BackupFilesystemPath = root });
        await server.CreateClassAsync("""{"class":"Note","properties":[{"name":"text","dataType":["text"]}]}""");
        Assert.Equal(200, (await server.ImportAsync(Obj("Note", Id(1), """{"text":"kept"}"""))).Status);
        Assert.True((await server.PostAsync("/v1/backups/filesystem", J("""{"id":"damaged"}"""))).Status == 200);
        Assert.Equal("SUCCESS", (string)(await WaitAsync(server, "/v1/backups/filesystem/damaged"))["status"]!);
        await File.WriteAllBytesAsync(Path.Combine(root, "damaged", "barge.db"), Enumerable.Repeat((byte)0x5a, 8192).ToArray());
        Assert.Equal(200, (await server.DeleteAsync("/v1/schema/Note")).Status);

        Assert.True((await server.PostAsync("/v1/backups/filesystem/damaged/restore", new JsonObject())).Status == 200);
        var status = await WaitAsync(server, "/v1/backups/filesystem/damaged/restore");
        Assert.Equal("FAILED", (string)status["status"]!);
        Assert.Equal($"the backup's snapshot '{Path.Combine(root, "damaged", "barge.db")}' is not a readable Barge database", (string)status["error"]!);
        Assert.Equal(404, (await server.GetAsync("/v1/schema/Note")).Status);
    }

    [Theory]
    [InlineData("/v1/backups/s3", """{"id":"x"}""", 422, "backup backend 's3' is not enabled")]
    [InlineData("/v1/backups/filesystem", """{"id":"Upper Case"}""", 422, "invalid backup id 'Upper Case'")]
    [InlineData("/v1/backups/filesystem", """{"include":["Article"]}""", 422, "id in body is required")]
    [InlineData("/v1/backups/filesystem", """{"id":"x","include":["Article"],"exclude":["Note"]}""", 422, "include and exclude cannot both be set")]
    [InlineData("/v1/backups/filesystem", """{"id":"x","include":["Missing"]}""", 422, "class 'Missing' is not in the schema")]
    [InlineData("/v1/backups/filesystem", """{"id":"x","include":"Article"}""", 422, "include in body must be an array")]
    [InlineData("/v1/backups/filesystem/nothing-here/restore", "{}", 404, "backup 'nothing-here' not found")]
    public async Task Refusals_name_what_is_wrong_and_write_nothing(string path, string body, int status, string message)
    {
        var root = NewBackupRoot();
        await using var server = await TestServer.StartSqliteAsync(o => o with { BackupFilesystemPath = root });
        await server.CreateClassAsync(ArticleClass);
        var reply = await server.PostAsync(path, body);
        Assert.Equal(status, reply.Status);
        Assert.Contains(message, reply.ErrorMessage);
        Assert.False(Directory.Exists(Path.Combine(root, "x")));
        Assert.Equal(404, (await server.GetAsync("/v1/backups/filesystem/x")).Status);
    }

    [Fact]
    public async Task Without_a_backup_folder_the_filesystem_backend_is_off()
    {
        await using var server = await TestServer.StartAsync();
        var reply = await server.PostAsync("/v1/backups/filesystem", J("""{"id":"x"}"""));
        Assert.Equal(422, reply.Status);
        Assert.Contains("BACKUP_FILESYSTEM_PATH", reply.ErrorMessage);
    }

    [Fact]
    public async Task Each_store_answers_a_backup_in_its_own_way()
    {
        var root = NewBackupRoot();
        await using var server = await TestServer.StartAsync(o => o with { BackupFilesystemPath = root });
        await server.CreateClassAsync(ArticleClass);
        var reply = await server.PostAsync("/v1/backups/filesystem", J("""{"id":"either"}"""));
        if (server.Storage == StorageKind.Postgres)
        {
            Assert.Equal(422, reply.Status);
            Assert.Contains("pg_dump", reply.ErrorMessage);
            Assert.False(Directory.Exists(Path.Combine(root, "either")));
        }
        else
        {
            Assert.True(reply.Status == 200, reply.ToString());
            Assert.Equal("SUCCESS", (string)(await WaitAsync(server, "/v1/backups/filesystem/either"))["status"]!);
            Assert.True(File.Exists(Path.Combine(root, "either", "barge.db")));
        }
    }
}
