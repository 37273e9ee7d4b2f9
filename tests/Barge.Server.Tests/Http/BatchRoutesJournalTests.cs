using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;
using Barge.Server.Tests.WeaviateLegacy;
using static Barge.Server.Tests.BatchService.JournalTestKit;
using static Barge.Server.Tests.Hat.HatKit;

namespace Barge.Server.Tests.Http;

/// <summary>
/// <c>Idempotency-Key</c>, the dry run and the journal on every batch route of every REST dialect, through HTTP: the
/// same key twice gives the same answer and writes once (one journal row, the data as after the first), and a dry run
/// answers, is journaled as one and leaves the data as it was.
/// </summary>
public sealed class BatchRoutesJournalTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private int _n;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    /// <summary>A request to one batch route, <see cref="Probe"/> what it writes (a count that changes when it runs).</summary>
    private sealed record Call(HttpMethod Method, string Path, string Body, Func<Task<int>> Probe, string DryRunPath, string DryRunBody);

    public static TheoryData<string> Routes() =>
    [
        "v1 objects", "v1 references", "v1 delete", "0.x things", "0.x actions", "0.x references",
        "hat data-batch", "hat data", "hat delete", "hat data-link", "batch service", "batch service undo",
    ];

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task The_same_key_twice_answers_the_same_and_writes_once(string route)
    {
        var call = await ArrangeAsync(route);
        var before = await call.Probe();
        var name = $"idem-{route.Replace(' ', '-')}";
        var headers = H(("Idempotency-Key", name), ("X-Batch-Name", name));

        var first = await _server.SendWithAsync(call.Method, call.Path, call.Body, headers);
        Assert.True(first.Status is >= 200 and < 300, first.ToString());
        var written = await call.Probe();
        Assert.True(before != written, $"the first run wrote nothing: {first}");
        var again = await _server.SendWithAsync(call.Method, call.Path, call.Body, headers);

        Assert.Equal(first.Status, again.Status);
        Assert.Equal(first.Body, again.Body);
        Assert.Equal("true", again.Headers["Idempotency-Replayed"]);
        Assert.Equal(first.Headers["X-Batch-Id"], again.Headers["X-Batch-Id"]);
        Assert.Equal(first.Headers["X-Batch-Succeeded"], again.Headers["X-Batch-Succeeded"]);
        Assert.Equal(written, await call.Probe());
        Assert.Equal("1", (await _server.GetAsync($"/api/batch/v1?name={name}")).Headers["x-total-count"]);
        var summary = await _server.SummaryAsync(first.Headers["X-Batch-Id"]);
        Assert.False((bool)summary["dryRun"]!);
        Assert.Equal("success", (string)summary["status"]!);
        // The count headers say what the journal says, so that the first answer and its replay agree.
        Assert.Equal(summary["counts"]!["succeeded"]!.ToJsonString(), first.Headers["X-Batch-Succeeded"]);
        Assert.Equal(summary["counts"]!["failed"]!.ToJsonString(), first.Headers["X-Batch-Failed"]);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_dry_run_answers_and_is_journaled_and_writes_nothing(string route)
    {
        var call = await ArrangeAsync(route);
        var before = await call.Probe();
        var name = $"dry-{route.Replace(' ', '-')}";

        var reply = await _server.SendWithAsync(call.Method, call.DryRunPath, call.DryRunBody, H(("X-Batch-Name", name)));
        Assert.True(reply.Status is >= 200 and < 300, reply.ToString());
        Assert.Equal(before, await call.Probe());
        if (route == "batch service undo")
        {
            // An undo's dry run lists what it would delete, as its own dry-run batch.
            Assert.Equal(before, reply.Json["deleted"]!.AsArray().Count);
            Assert.True((bool)reply.Json["dryRun"]!);
            Assert.Equal(reply.Headers["X-Batch-Id"], (string)reply.Json["undoBatch"]!);
        }
        var summary = await _server.SummaryAsync(reply.Headers["X-Batch-Id"]);
        Assert.True((bool)summary["dryRun"]!);
        Assert.Equal(name, (string)summary["name"]!);
    }

    private static string DryQuery(string path) => path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "dryRun=true";

    private Call Q(HttpMethod method, string path, string body, Func<Task<int>> probe) => new(method, path, body, probe, DryQuery(path), body);

    /// <summary>Fresh data for one route (names of its own each time, so that each test starts from nothing of another's).</summary>
    private async Task<Call> ArrangeAsync(string route)
    {
        var n = Interlocked.Increment(ref _n);
        var cls = $"C{n}";
        switch (route)
        {
            case "v1 objects":
                await ClassAsync(cls);
                return Q(HttpMethod.Post, "/v1/batch/objects", $$$"""{"objects":[{"class":"{{{cls}}}","properties":{"k":"a"}}]}""", () => CountAsync(cls));
            case "v1 references":
            {
                await ClassAsync(cls);
                var (a, b) = (await ObjectAsync(cls), await ObjectAsync(cls));
                var body = $$$"""[{"from":"weaviate://localhost/{{{cls}}}/{{{a}}}/to","to":"weaviate://localhost/{{{cls}}}/{{{b}}}"}]""";
                return Q(HttpMethod.Post, "/v1/batch/references", body, () => BeaconsAsync($"/v1/objects/{cls}/{a}", "properties", "to"));
            }
            case "v1 delete":
            {
                await ClassAsync(cls);
                await ObjectAsync(cls);
                var match = $$$"""{"class":"{{{cls}}}","where":{"path":["k"],"operator":"Equal","valueText":"x"}}""";
                return new Call(HttpMethod.Delete, "/v1/batch/objects", $$$"""{"match":{{{match}}}}""", () => CountAsync(cls),
                    "/v1/batch/objects", $$$"""{"match":{{{match}}},"dryRun":true}""");
            }
            case "0.x things" or "0.x actions":
            {
                var kind = route[4..];
                await _server.CreateKindClassAsync(kind, $$$"""{"class":"{{{cls}}}","properties":[{"name":"k","dataType":["string"]}]}""");
                return Q(HttpMethod.Post, $"/v1/batching/{kind}", $$$"""{"{{{kind}}}":[{"class":"{{{cls}}}","schema":{"k":"a"}}]}""", () => CountAsync(cls));
            }
            case "0.x references":
            {
                await _server.CreateKindClassAsync("things", $$$"""{"class":"{{{cls}}}","properties":[{"name":"k","dataType":["string"]},{"name":"to","dataType":["{{{cls}}}"]}]}""");
                var made = await _server.PostAsync("/v1/batching/things", $$$"""{"things":[{"class":"{{{cls}}}","schema":{"k":"a"}},{"class":"{{{cls}}}","schema":{"k":"b"}}]}""");
                Assert.True(made.Status == 200, made.ToString());
                var (a, b) = ((string)made.Json[0]!["id"]!, (string)made.Json[1]!["id"]!);
                var body = $$$"""[{"from":"weaviate://localhost/things/{{{cls}}}/{{{a}}}/to","to":"weaviate://localhost/things/{{{b}}}"}]""";
                return Q(HttpMethod.Post, "/v1/batching/references", body, () => BeaconsAsync($"/v1/objects/{cls}/{a}", "properties", "to"));
            }
            case "hat data-batch":
                return Q(HttpMethod.Post, "/api/v2.6/data-batch", $$$"""[{"endpoint":"ns{{{n}}}/notes","data":{"m":"hi"},"links":[{"endpoint":"ns{{{n}}}/tags","data":{"t":1}}]}]""",
                    async () => await RecordsAsync($"ns{n}/notes") + await RecordsAsync($"ns{n}/tags"));
            case "hat data":
                return Q(HttpMethod.Post, $"/api/v2.6/data/ns{n}/notes", """[{"m":"hi"},{"m":"ho"}]""", () => RecordsAsync($"ns{n}/notes"));
            case "hat delete":
            {
                var ids = await _server.SaveAsync($"ns{n}/notes", """{"m":1}""", """{"m":2}""");
                return Q(HttpMethod.Delete, $"/api/v2.6/data?records={ids[0]}", "", () => RecordsAsync($"ns{n}/notes"));
            }
            case "hat data-link":
            {
                var ids = await _server.SaveAsync($"ns{n}/notes", """{"m":1}""", """{"m":2}""");
                return Q(HttpMethod.Post, $"/api/v2.6/data-link?records={ids[0]}&records={ids[1]}", "",
                    async () => (await _server.GetAsync($"/api/v2.6/data/ns{n}/notes?includeLinks=true")).Json.AsArray().Sum(r => r!["links"]?.AsArray().Count ?? 0));
            }
            case "batch service":
            {
                var body = VarBatch(null, new JsonObject { ["_id"] = "e1", ["k"] = "a" }, new JsonObject { ["_id"] = "e2", ["k"] = "b" }).ToJsonString();
                return Q(HttpMethod.Post, $"/api/batch/v1?collection={cls}", body, () => CountAsync(cls));
            }
            case "batch service undo":
            {
                var made = await _server.PostAsync($"/api/batch/v1?collection={cls}", VarBatch(null, new JsonObject { ["_id"] = "e1", ["k"] = "a" }));
                Assert.True(made.Status == 200, made.ToString());
                return Q(HttpMethod.Post, $"/api/batch/v1/{made.Json["_id"]}/undo", "", () => CountAsync(cls));
            }
            default:
                throw new ArgumentException(route);
        }
    }

    private async Task ClassAsync(string cls)
    {
        var reply = await _server.PostAsync("/v1/schema", $$$"""{"class":"{{{cls}}}","properties":[{"name":"k","dataType":["text"]},{"name":"to","dataType":["{{{cls}}}"]}]}""");
        Assert.True(reply.Status == 200, reply.ToString());
    }

    private async Task<string> ObjectAsync(string cls)
    {
        var reply = await _server.PostAsync("/v1/objects", $$$"""{"class":"{{{cls}}}","properties":{"k":"x"}}""");
        Assert.True(reply.Status == 200, reply.ToString());
        return (string)reply.Json["id"]!;
    }

    private async Task<int> CountAsync(string cls)
    {
        var reply = await _server.GetAsync($"/v1/objects?class={cls}&limit=1000");
        return reply.Status == 200 ? reply.Json["objects"]?.AsArray().Count ?? 0 : 0;
    }

    private async Task<int> RecordsAsync(string endpoint) => (await _server.GetAsync($"/api/v2.6/data/{endpoint}")).Json.AsArray().Count;

    private async Task<int> BeaconsAsync(string path, string member, string property) =>
        (await _server.GetAsync(path)).Json[member]?[property]?.AsArray().Count ?? 0;
}
