using Barge.Server.Grpc.Protocol;
using Barge.Server.Hosting;
using Barge.Server.Tests.Support;
using Microsoft.Extensions.Logging;
using static Barge.Server.Tests.Grpc.GrpcKit;
using static Barge.Server.Tests.Weaviate.BatchTestKit;
using Value = Google.Protobuf.WellKnownTypes.Value;
using WeaviateClient = Barge.Server.Grpc.Protocol.Weaviate.WeaviateClient;

namespace Barge.Server.Tests.Observability;

/// <summary>
/// One Information line per batch, whatever the dialect, with its id, service, user, counts, status and duration;
/// never an API key (a key is its own user when no user names are configured) and never a part of the body.
/// </summary>
public sealed class BatchLogTests
{
    private const string Key = "key-5f3c9a1e-never-logged";
    private const string Secret = "body-text-never-logged";

    [Fact]
    public async Task Each_batch_of_each_dialect_is_one_information_line_naming_a_keyed_user_without_the_key()
    {
        var logs = new CapturedLogs();
        await using var server = await TestServer.StartAsync(o => o with
        {
            Auth = new AuthOptions { AnonymousAccessEnabled = false, ApiKeyEnabled = true, ApiKeys = ["other-key", Key] },
        }, logging: logs.AddTo);
        var created = await server.PostAsync("/v1/schema", """{"class":"Article","properties":[{"name":"title","dataType":["text"]}]}""", Key);
        Assert.True(created.Status == 200, created.ToString());

        // REST v1: two objects written, one refused (a number for a text property).
        var rest = await server.PostAsync("/v1/batch/objects", $$$"""
            {"objects":[{"class":"Article","properties":{"title":"{{{Secret}}}"}},{"class":"Article","properties":{"title":"b"}},
                        {"class":"Article","properties":{"title":5}}]}
            """, Key);
        Assert.True(rest.Status == 200, rest.ToString());

        // gRPC BatchObjects: one object.
        using (var channel = server.GrpcChannel(Key))
        {
            var reply = await new WeaviateClient(channel).BatchObjectsAsync(new BatchObjectsRequest
            {
                Objects = { Object("Article", Id(7), Struct(("title", Value.ForString(Secret)))) },
            });
            Assert.Empty(reply.Errors);
        }

        // The batch service.
        var service = await server.PostAsync("/api/batch/v1?collection=Example",
            $$"""{"_type":"VarBatch","elements":[{"_id":"AAA","example":"{{Secret}}"}]}""", Key);
        Assert.True(service.Status is 200 or 201, service.ToString());

        var lines = logs.Entries.Where(e => e.EventId.Name == "BatchEnded").ToList();
        Assert.Equal(3, lines.Count);
        Assert.All(lines, l => Assert.Equal(LogLevel.Information, l.Level));
        Assert.All(lines, l => Assert.Equal("apikey#2", l.Fields["User"]));

        var restLine = Assert.Single(lines, l => (string?)l.Fields["Service"] == "weaviate.batch.objects");
        Assert.Equal(rest.Headers["X-Batch-Id"], restLine.Fields["BatchId"]);
        Assert.Equal(("partial", 2, 1), ((string?)restLine.Fields["Status"], (int?)restLine.Fields["Succeeded"], (int?)restLine.Fields["Failed"]));
        Assert.True((long?)restLine.Fields["DurationMs"] >= 0);
        Assert.Contains($"batch {rest.Headers["X-Batch-Id"]} weaviate.batch.objects user=apikey#2 status=partial succeeded=2 failed=1", restLine.Message, StringComparison.Ordinal);

        var grpcLine = Assert.Single(lines, l => (string?)l.Fields["Service"] == "weaviate.grpc.batch.objects");
        Assert.Equal(("success", 1, 0), ((string?)grpcLine.Fields["Status"], (int?)grpcLine.Fields["Succeeded"], (int?)grpcLine.Fields["Failed"]));
        Assert.Single(lines, l => ((string?)l.Fields["Service"])!.StartsWith("batch.", StringComparison.Ordinal));

        // Nothing the server logged, in any category, shows the key or the body.
        foreach (var entry in logs.Entries)
        {
            var text = entry.Message + " " + string.Join(" ", entry.Fields.Values) + " " + entry.Exception;
            Assert.DoesNotContain(Key, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_user_named_for_the_key_is_logged_by_that_name()
    {
        var logs = new CapturedLogs();
        await using var server = await TestServer.StartAsync(o => o with
        {
            Auth = new AuthOptions { AnonymousAccessEnabled = false, ApiKeyEnabled = true, ApiKeys = [Key], ApiKeyUsers = ["alice"] },
        }, logging: logs.AddTo);
        var reply = await server.PostAsync("/v1/batch/objects", """{"objects":[{"class":"Note","properties":{"text":"x"}}]}""", Key);
        Assert.True(reply.Status == 200, reply.ToString());

        var line = Assert.Single(logs.Entries, e => e.EventId.Name == "BatchEnded");
        Assert.Equal("alice", line.Fields["User"]);
        Assert.Equal("success", line.Fields["Status"]);
    }
}
