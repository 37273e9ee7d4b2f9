using System.Text;
using System.Text.Json.Nodes;
using Barge.Core.Journal;
using Barge.Server.Grpc.Protocol;
using Barge.Server.Tests.Support;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using static Barge.Server.Tests.BatchService.JournalTestKit;
using static Barge.Server.Tests.Grpc.GrpcKit;
using static Barge.Server.Tests.Hat.HatKit;
using static Barge.Server.Tests.Weaviate.BatchTestKit;
using Value = Google.Protobuf.WellKnownTypes.Value;
using WeaviateClient = Barge.Server.Grpc.Protocol.Weaviate.WeaviateClient;

namespace Barge.Server.Tests.Overload;

/// <summary>
/// How a full server answers, dialect by dialect: 429 with <c>Retry-After</c> in the dialect's own error shape (gRPC:
/// RESOURCE_EXHAUSTED with a retry pushback), before anything is written, auto-schema'd or journaled, so that a retry
/// runs for real. The queue is held full here by the test itself taking the server's own <see cref="WriteAdmission"/>,
/// as a batch in flight would; the flood tests fill it with real batches.
/// </summary>
public sealed class OverloadAnswersTests : IAsyncLifetime
{
    private const long MaxBytes = 1024 * 1024;
    private const long MaxObjects = 100;
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() =>
        _server = await TestServer.StartAsync(o => o with { MaxQueuedBytes = MaxBytes, MaxQueuedObjects = MaxObjects });

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private WriteAdmission Admission => _server.Server.Services.GetRequiredService<WriteAdmission>();

    /// <summary>Takes the whole bound, as batches in flight would, until disposed.</summary>
    private IDisposable FullBytes() => Admission.Bytes.Admit(MaxBytes);
    private IDisposable FullObjects() => Admission.Objects.Admit(MaxObjects);

    private static string OneObject(string cls, string? id = null) =>
        new JsonObject { ["objects"] = new JsonArray(Obj(cls, id, """{"title":"crowded out"}""")) }.ToJsonString();

    private async Task<string> JournalCountAsync() => (await _server.GetAsync("/api/batch/v1")).Headers["x-total-count"];

    private static void AssertRetryAfter(Reply reply)
    {
        Assert.True(reply.Headers.TryGetValue("Retry-After", out var retry), reply.ToString());
        Assert.True(int.Parse(retry, System.Globalization.CultureInfo.InvariantCulture) >= 1, retry);
    }

    [Fact]
    public async Task A_v1_batch_over_the_queued_bytes_gets_429_and_nothing_is_written_or_journaled()
    {
        Reply reply;
        using (FullBytes()) reply = await _server.PostAsync("/v1/batch/objects", OneObject("Crowded"));

        Assert.Equal(429, reply.Status);
        AssertRetryAfter(reply);
        Assert.Contains("BARGE_MAX_QUEUED_BYTES", reply.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal("0", reply.Headers["X-Batch-Succeeded"]);
        Assert.Equal(404, (await _server.GetAsync("/v1/schema/Crowded")).Status); // not even auto-schema'd
        Assert.Equal("0", await JournalCountAsync());
    }

    [Fact]
    public async Task A_v1_batch_over_the_queued_objects_is_refused_by_core_before_auto_schema_and_journal()
    {
        Reply reply;
        using (FullObjects()) reply = await _server.PostAsync("/v1/batch/objects", OneObject("Crowded"));

        Assert.Equal(429, reply.Status);
        AssertRetryAfter(reply);
        Assert.Contains("BARGE_MAX_QUEUED_OBJECTS", reply.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal("1", reply.Headers["X-Batch-Failed"]);
        Assert.Equal(404, (await _server.GetAsync("/v1/schema/Crowded")).Status);
        Assert.Equal("0", await JournalCountAsync());

        var later = await _server.PostAsync("/v1/batch/objects", OneObject("Crowded"));
        Assert.Equal(200, later.Status);
        Assert.Equal(1, await _server.CountAsync("Crowded"));
    }

    [Fact]
    public async Task A_retry_after_429_with_the_same_idempotency_key_and_batch_id_runs_for_real()
    {
        const string batchId = "0190b8a0-0000-7000-8000-000000000429";
        var headers = H(("Idempotency-Key", "flood-1"), ("X-Batch-Id", batchId));
        var body = OneObject("Crowded", Id(1));
        Reply refused;
        using (FullBytes()) refused = await _server.SendWithAsync(HttpMethod.Post, "/v1/batch/objects", body, headers);
        Assert.Equal(429, refused.Status);
        using (FullObjects()) refused = await _server.SendWithAsync(HttpMethod.Post, "/v1/batch/objects", body, headers);
        Assert.Equal(429, refused.Status);
        Assert.Equal("0", await JournalCountAsync());

        var retried = await _server.SendWithAsync(HttpMethod.Post, "/v1/batch/objects", body, headers);
        Assert.Equal(200, retried.Status);
        Assert.False(retried.Headers.ContainsKey("Idempotency-Replayed"), "the retry was answered from the refusal instead of running");
        Assert.Equal(batchId, retried.Headers["X-Batch-Id"]);
        Assert.NotNull(await _server.GetObjectAsync("Crowded", Id(1)));

        var replayed = await _server.SendWithAsync(HttpMethod.Post, "/v1/batch/objects", body, headers);
        Assert.Equal(200, replayed.Status);
        Assert.Equal("true", replayed.Headers["Idempotency-Replayed"]);
        Assert.Equal("1", await JournalCountAsync());
    }

    [Fact]
    public async Task A_delete_by_query_is_admitted_for_its_matches_not_for_its_limit()
    {
        var seeded = await _server.PostAsync("/v1/batch/objects", new JsonObject
        {
            ["objects"] = new JsonArray([
                .. Enumerable.Range(0, 2).Select(i => Obj("Few", null, """{"title":"gone"}""")),
                .. Enumerable.Range(0, 20).Select(i => Obj("Many", null, """{"title":"gone"}""")),
            ]),
        }.ToJsonString());
        Assert.Equal(200, seeded.Status);
        var journaled = await JournalCountAsync();
        static string Match(string cls) => new JsonObject
        {
            ["match"] = new JsonObject { ["class"] = cls, ["where"] = JsonNode.Parse("""{"path":["title"],"operator":"Equal","valueText":"gone"}""") },
        }.ToJsonString();

        Reply small, big;
        // The queue holds all but a few objects: the two matches fit, the twenty do not; the limit (thousands) never would.
        using (Admission.Objects.Admit(MaxObjects - 5))
        {
            small = await _server.DeleteAsync("/v1/batch/objects", Match("Few"));
            big = await _server.DeleteAsync("/v1/batch/objects", Match("Many"));
        }
        Assert.True(small.Status == 200, small.ToString());
        Assert.Equal(2, (int)small.Json["results"]!["successful"]!);
        Assert.Equal(0, await _server.CountAsync("Few"));

        Assert.True(big.Status == 429, big.ToString());
        AssertRetryAfter(big);
        Assert.Contains("BARGE_MAX_QUEUED_OBJECTS", big.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(20, await _server.CountAsync("Many"));
        // The small delete is journaled, the refused one is not.
        Assert.Equal((int.Parse(journaled, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), await JournalCountAsync());
    }

    [Fact]
    public async Task Weaviate_0x_batching_answers_429_in_weaviate_shape()
    {
        Reply reply;
        using (FullBytes()) reply = await _server.PostAsync("/v1/batching/things", """{"things":[{"class":"Crowded","schema":{"title":"x"}}]}""");
        Assert.Equal(429, reply.Status);
        AssertRetryAfter(reply);
        Assert.Contains("BARGE_MAX_QUEUED_BYTES", reply.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hat_answers_429_in_its_error_shape()
    {
        Reply reply;
        using (FullObjects()) reply = await _server.HatAsync(HttpMethod.Post, "/api/v2.6/data-batch", SeedBatch);
        Assert.Equal(429, reply.Status);
        AssertRetryAfter(reply);
        Assert.Equal("Too Many Requests", (string)reply.Json["message"]!);
        Assert.Contains("BARGE_MAX_QUEUED_OBJECTS", (string)reply.Json["cause"]!, StringComparison.Ordinal);
        Assert.Equal("0", await JournalCountAsync());
        Assert.Equal(201, (await _server.HatAsync(HttpMethod.Post, "/api/v2.6/data-batch", SeedBatch)).Status);
    }

    [Fact]
    public async Task The_batch_service_answers_429_as_a_problem()
    {
        Reply reply;
        using (FullBytes())
            reply = await _server.PostAsync("/api/batch/v1?collection=Crowded", VarBatch("0190b8a0-0000-7000-8000-000000000001", J("""{"_id":"A","n":1}""")));
        Assert.Equal(429, reply.Status);
        AssertRetryAfter(reply);
        Assert.StartsWith("application/problem+json", reply.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal(429, (int)reply.Json["status"]!);
        Assert.Equal("Too Many Requests", (string)reply.Json["title"]!);
        Assert.Contains("BARGE_MAX_QUEUED_BYTES", (string)reply.Json["detail"]!, StringComparison.Ordinal);
        Assert.Equal("0", await JournalCountAsync());
    }

    [Fact]
    public async Task A_body_without_a_declared_length_is_counted_as_it_arrives()
    {
        // Nearly full: a chunked body of more than what is left is refused once it has read past the bound.
        var big = new JsonObject { ["objects"] = new JsonArray(Obj("Chunked", null, new JsonObject { ["title"] = new string('x', 64 * 1024) }.ToJsonString())) }.ToJsonString();
        Reply refused;
        using (Admission.Bytes.Admit(MaxBytes - 1024)) refused = await PostChunkedAsync(big);
        Assert.Equal(429, refused.Status);
        AssertRetryAfter(refused);
        await AllGivenBackAsync();

        Assert.Equal(200, (await PostChunkedAsync(big)).Status);
        await AllGivenBackAsync();
    }

    /// <summary>What a request held is given back once its answer has been sent, which the client may see a moment before.</summary>
    private async Task AllGivenBackAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Admission.Bytes.Queued != 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{Admission.Bytes.Queued} bytes still held after the answer");
            await Task.Delay(20);
        }
    }

    private async Task<Reply> PostChunkedAsync(string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/batch/objects")
        {
            Content = new StreamContent(new UnknownLengthStream(Encoding.UTF8.GetBytes(json))),
        };
        request.Content.Headers.ContentType = new("application/json");
        using var response = await _server.Client.SendAsync(request);
        Assert.Null(request.Content.Headers.ContentLength);
        return new Reply((int)response.StatusCode, await response.Content.ReadAsStringAsync(),
            response.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>A readable stream that will not tell its length, so that the client sends it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    [Fact]
    public async Task Grpc_batch_objects_answers_resource_exhausted_with_a_retry_pushback()
    {
        await _server.CreateClassAsync("""{"class":"Crowded","properties":[{"name":"title","dataType":["text"]}]}""");
        using var channel = _server.GrpcChannel();
        var client = new WeaviateClient(channel);
        var request = new BatchObjectsRequest { Objects = { Object("Crowded", Id(7), Struct(("title", Value.ForString("x")))) } };

        RpcException refused;
        using (FullObjects()) refused = await Assert.ThrowsAsync<RpcException>(async () => await client.BatchObjectsAsync(request));
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("BARGE_MAX_QUEUED_OBJECTS", refused.Status.Detail, StringComparison.Ordinal);
        Assert.True(long.Parse(refused.Trailers.GetValue("grpc-retry-pushback-ms")!, System.Globalization.CultureInfo.InvariantCulture) >= 1000);
        Assert.Equal("0", await JournalCountAsync());
        Assert.Null(await _server.GetObjectAsync("Crowded", Id(7)));

        Assert.Empty((await client.BatchObjectsAsync(request)).Errors);
        Assert.NotNull(await _server.GetObjectAsync("Crowded", Id(7)));
    }

    [Fact]
    public async Task Meta_publishes_the_queue_limits()
    {
        var limits = (await _server.GetAsync("/v1/meta")).Json["limits"]!;
        Assert.Equal(MaxObjects, (long)limits["maxQueuedObjects"]!);
        Assert.Equal(MaxBytes, (long)limits["maxQueuedBytes"]!);
    }
}
