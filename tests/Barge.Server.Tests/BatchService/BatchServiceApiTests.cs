using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.BatchService.JournalTestKit;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.BatchService;

/// <summary>The batch service (seeds/003): build info, POST of a VarBatch, summaries listed, read and deleted.</summary>
public sealed class BatchServiceApiTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync(o => o with { Environment = "production" });

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Build_information()
    {
        var reply = await _server.GetAsync("/api/batch");
        Assert.Equal(200, reply.Status);
        Assert.Equal("v1", (string)reply.Json["releases"]![0]!);
        Assert.Equal("production", (string)reply.Json["environment"]!);
    }

    [Fact]
    public async Task The_documents_example_is_answered_with_its_summary()
    {
        var reply = await _server.PostAsync("/api/batch/v1?collection=Example", """
            {"_id": "00006d91-0fa0-481a-8118-7d6c1f4dba8f", "_type": "VarBatch", "elements": [{"_id": "AAA", "example": "property"}]}
            """);
        Assert.True(reply.Status == 200, reply.ToString());
        var s = reply.Json;
        Assert.Equal("00006d91-0fa0-481a-8118-7d6c1f4dba8f", (string)s["_id"]!);
        foreach (var field in new[] { "user", "environment", "timestamp", "service", "name", "reason", "source", "status", "message", "summary" })
            Assert.True(s.AsObject().ContainsKey(field), field);
        Assert.Equal("batch.v1", (string)s["service"]!);
        Assert.Equal("success", (string)s["status"]!);
        Assert.Equal("Completed Successfully", (string)s["message"]!);
        Assert.Equal("production", (string)s["environment"]!);
        // The seed's shape: collection, then the UTC day of the write, then the ids as the caller named them.
        var day = ((string)s["timestamp"]!)[..10];
        Assert.Equal(["AAA"], s["summary"]!["Example"]![day]!.AsArray().Select(n => (string)n!).ToList());
        Assert.Empty(s["summary"]!["failures"]!.AsObject());
        var id = (await _server.ObjectIdsAsync("00006d91-0fa0-481a-8118-7d6c1f4dba8f", "Example")).Single();

        var stored = await _server.GetObjectAsync("Example", id);
        Assert.Equal("property", (string)stored!["properties"]!["example"]!);
        Assert.Equal("AAA", (string)stored["properties"]!["externalId"]!);
        Assert.Equal(s.ToJsonString(), (await _server.SummaryAsync("00006d91-0fa0-481a-8118-7d6c1f4dba8f")).ToJsonString());
    }

    [Fact]
    public async Task Elements_without_a_collection_go_to_the_default_one()
    {
        var reply = await _server.PostAsync("/api/batch/v1", VarBatch(null, J("""{"_id":"AAA","example":"property"}""")));
        Assert.Equal("success", (string)reply.Json["status"]!);
        Assert.Single(Ids(reply.Json, "Element"));
    }

    [Fact]
    public async Task Elements_merge_into_the_object_their_id_names()
    {
        var first = await _server.PostAsync("/api/batch/v1", VarBatch("m-1", J("""{"_id":"AAA","_type":"Curve","a":"one","b":"two"}""")));
        var second = await _server.PostAsync("/api/batch/v1", VarBatch("m-2", J("""{"_id":"AAA","_type":"Curve","b":"changed","c":3}""")));
        var id = (await _server.ObjectIdsAsync("m-1", "Curve")).Single();
        Assert.Equal(id, (await _server.ObjectIdsAsync("m-2", "Curve")).Single()); // a stable id per collection and _id
        var props = (await _server.GetObjectAsync("Curve", id))!["properties"]!;
        Assert.Equal("one", (string)props["a"]!);
        Assert.Equal("changed", (string)props["b"]!);
        Assert.Equal(3, (double)props["c"]!);
        Assert.Equal(1, await _server.CountAsync("Curve"));
    }

    [Fact]
    public async Task Bad_elements_fail_alone_and_are_listed_in_failures()
    {
        await _server.PostAsync("/api/batch/v1", VarBatch("f-0", J("""{"_id":"X","_type":"Typed","n":1}""")));
        var reply = await _server.PostAsync("/api/batch/v1", VarBatch("f-1",
            J("""{"_id":"ok","_type":"Typed","n":2}"""),
            J("""{"_type":"Typed","n":3}"""),
            J("""{"_id":"wrong","_type":"Typed","n":"text"}"""),
            J("""{"_id":"typeless","_type":7,"n":4}"""),
            J("\"not an object\"")));
        Assert.Equal(200, reply.Status);
        var s = reply.Json;
        Assert.Equal("partial", (string)s["status"]!);
        Assert.Equal("4 of 5 items failed", (string)s["message"]!);
        Assert.Single(Ids(s, "Typed"));
        var failures = s["summary"]!["failures"]!.AsObject();
        Assert.Equal(["1", "2", "3", "4"], failures.Select(f => f.Key).ToList());
        Assert.Contains("_id", (string)failures["1"]!["reason"]!, StringComparison.Ordinal);
        Assert.Equal("wrong", (string)failures["2"]!["id"]!);
        Assert.Contains("_type", (string)failures["3"]!["reason"]!, StringComparison.Ordinal);
        Assert.Equal("1", reply.Headers["X-Batch-Succeeded"]);
    }

    [Fact]
    public async Task Malformed_batches_get_a_problem_answer()
    {
        var reply = await _server.PostAsync("/api/batch/v1", """{"_type":"Other","elements":[]}""");
        Assert.Equal(400, reply.Status);
        Assert.Equal(400, (int)reply.Json["status"]!);
        Assert.Contains("VarBatch", (string)reply.Json["detail"]!, StringComparison.Ordinal);
        Assert.Equal(400, (await _server.PostAsync("/api/batch/v1", "{not json")).Status);
        Assert.Equal(404, (await _server.GetAsync("/api/batch/v1/nope")).Status);
        Assert.Equal("application/problem+json", (await _server.GetAsync("/api/batch/v1/nope")).Headers["Content-Type"].Split(';')[0]);
    }

    [Fact]
    public async Task List_is_newest_first_filtered_and_paged_with_a_total()
    {
        for (var i = 0; i < 5; i++)
        {
            var name = i % 2 == 0 ? "EVEN" : "ODD";
            var reply = await _server.SendWithAsync(HttpMethod.Post, "/api/batch/v1?collection=Listed",
                VarBatch($"l-{i}", J($$"""{"_id":"e{{i}}","v":{{i}}}""")), H(("X-Batch-Name", name)));
            Assert.Equal(200, reply.Status);
        }
        await _server.PostAsync("/api/batch/v1?collection=Listed", VarBatch("l-bad", J("""{"_id":"b","v":"text"}""")));

        var all = await _server.GetAsync("/api/batch/v1");
        Assert.Equal("6", all.Headers["x-total-count"]);
        Assert.Equal(["l-bad", "l-4", "l-3", "l-2", "l-1", "l-0"], all.Json.AsArray().Select(e => (string)e!["_id"]!).ToList());

        var even = await _server.GetAsync("/api/batch/v1?name=EVEN");
        Assert.Equal(["l-4", "l-2", "l-0"], even.Json.AsArray().Select(e => (string)e!["_id"]!).ToList());
        var page = await _server.GetAsync("/api/batch/v1?name=EVEN&_limit=1&_skip=1");
        Assert.Equal("3", page.Headers["x-total-count"]);
        Assert.Equal("l-2", (string)page.Json[0]!["_id"]!);

        var failed = await _server.GetAsync("/api/batch/v1?status=failed");
        Assert.Equal("l-bad", (string)failed.Json.AsArray().Single()!["_id"]!);
        Assert.Equal("0", (await _server.GetAsync("/api/batch/v1?since=2999-01-01T00:00:00")).Headers["x-total-count"]);
        Assert.Equal("6", (await _server.GetAsync("/api/batch/v1?until=2999-01-01T00:00:00&since=2000-01-01")).Headers["x-total-count"]);
        Assert.Equal(400, (await _server.GetAsync("/api/batch/v1?status=done")).Status);
        Assert.Equal(400, (await _server.GetAsync("/api/batch/v1?_limit=0")).Status);
    }

    [Fact]
    public async Task Delete_removes_the_summary_and_keeps_the_data()
    {
        var posted = await _server.PostAsync("/api/batch/v1?collection=Kept", VarBatch("d-1", J("""{"_id":"k","v":1}""")));
        var id = (await _server.ObjectIdsAsync("d-1", "Kept")).Single();
        Assert.Equal(204, (await _server.DeleteAsync("/api/batch/v1/d-1")).Status);
        Assert.Equal(404, (await _server.GetAsync("/api/batch/v1/d-1")).Status);
        Assert.Equal(404, (await _server.DeleteAsync("/api/batch/v1/d-1")).Status);
        Assert.NotNull(await _server.GetObjectAsync("Kept", id));
    }

    [Fact]
    public async Task Post_with_an_idempotency_key_is_executed_once()
    {
        var body = VarBatch(null, J("""{"_id":"I","_type":"Idem","v":1}"""));
        var first = await _server.SendWithAsync(HttpMethod.Post, "/api/batch/v1", body, H(("Idempotency-Key", "p-1")));
        var replay = await _server.SendWithAsync(HttpMethod.Post, "/api/batch/v1", body, H(("Idempotency-Key", "p-1")));
        Assert.Equal(first.Body, replay.Body);
        Assert.Equal("true", replay.Headers["Idempotency-Replayed"]);
        Assert.Equal("1", (await _server.GetAsync("/api/batch/v1")).Headers["x-total-count"]);
        var other = await _server.SendWithAsync(HttpMethod.Post, "/api/batch/v1", VarBatch(null, J("""{"_id":"J","_type":"Idem"}""")), H(("Idempotency-Key", "p-1")));
        Assert.Equal(422, other.Status);
        Assert.Equal(422, (int)other.Json["status"]!);
    }

    [Fact]
    public async Task Dry_run_and_atomic_work_on_the_batch_service()
    {
        var dry = await _server.PostAsync("/api/batch/v1?collection=Modes&dryRun=true", VarBatch("dry", J("""{"_id":"a","v":1}""")));
        Assert.True((bool)dry.Json["dryRun"]!);
        Assert.Equal("success", (string)dry.Json["status"]!);
        Assert.Equal(404, (await _server.GetAsync("/v1/schema/Modes")).Status); // not even the class was created

        await _server.PostAsync("/api/batch/v1?collection=Modes", VarBatch("seed", J("""{"_id":"s","v":1}""")));
        var atomic = await _server.PostAsync("/api/batch/v1?collection=Modes&atomic=true",
            VarBatch("atom", J("""{"_id":"a","v":2}"""), J("""{"_id":"b","v":"bad"}""")));
        Assert.Equal("failed", (string)atomic.Json["status"]!);
        Assert.Equal("not written: the batch is atomic and items [1] failed", (string)atomic.Json["summary"]!["failures"]!["0"]!["reason"]!);
        Assert.Equal(1, await _server.CountAsync("Modes"));
    }
}
