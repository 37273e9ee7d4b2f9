using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Barge.Server.Grpc.Protocol;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using Value = Google.Protobuf.WellKnownTypes.Value;
using WeaviateClient = Barge.Server.Grpc.Protocol.Weaviate.WeaviateClient;

namespace Barge.EndToEnd.Tests;

/// <summary>
/// The durability promise, tested the hard way: a real <c>barge serve</c> is SIGKILLed at a random moment while it
/// works, restarted, and checked. Rounds take turns at what is being killed: concurrent imports with client ids over
/// REST <c>POST /v1/batch/objects</c>, over gRPC <c>BatchObjects</c> and over gRPC <c>BatchStream</c> (server-side
/// batching) — every item answered SUCCESS must be there, intact — and a delete-by-query and an undo of a batch (each
/// must have happened wholly or not at all).
/// On SQLite or PostgreSQL (<c>BARGE_TEST_STORAGE</c>); <c>BARGE_CRASH_ROUNDS</c> sets the number of rounds
/// (the bench runs many more than CI).
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    private const int Writers = 4;
    private const int BatchSize = 50;
    private const int DoomedPerRound = 3_000;

    private enum Work { RestImport, GrpcImport, StreamImport, DeleteByQuery, Undo }

    private static int Rounds =>
        int.TryParse(Environment.GetEnvironmentVariable("BARGE_CRASH_ROUNDS"), out var rounds) && rounds > 0 ? rounds : 10;

    [Fact]
    public async Task Every_item_answered_SUCCESS_survives_a_SIGKILL_and_deletes_and_undos_are_all_or_nothing()
    {
        await using var data = await BargeData.CreateAsync();
        var acknowledged = new ConcurrentDictionary<string, string>();
        var wholeOperations = new List<(int Round, Work Work, bool Answered, bool Committed)>();
        var random = new Random(20261206);
        for (var round = 0; round < Rounds; round++)
        {
            var work = (Work)(round % 5);
            await using var barge = await BargeProcess.StartAsync(data);
            if (work is Work.RestImport or Work.GrpcImport or Work.StreamImport)
                await KillDuringImportAsync(barge, work, round, acknowledged, random);
            else
            {
                // Every other cycle of five rounds kills once the deletion has committed, whatever the store's speed: a
                // random moment alone landed every kill before the commit on a slow PostgreSQL.
                var afterCommit = round / 5 % 2 == 1;
                var (answered, committed) = await KillDuringWholeOperationAsync(barge, work, round, random, afterCommit);
                wholeOperations.Add((round, work, answered, committed));
            }
        }

        Assert.True(acknowledged.Count > 0, "no batch was acknowledged before the kills; the test proved nothing");
        await using var final = await BargeProcess.StartAsync(data);
        using var http = new HttpClient { BaseAddress = final.Address };
        foreach (var (id, title) in acknowledged)
        {
            var reply = await http.GetAsync($"/v1/objects/Crash/{id}");
            Assert.True(reply.IsSuccessStatusCode, $"object {id} was acknowledged but is missing after the crash ({(int)reply.StatusCode})");
            var stored = JsonNode.Parse(await reply.Content.ReadAsStringAsync())!;
            Assert.Equal(title, (string)stored["properties"]!["title"]!);
        }
        foreach (var (round, work, answered, committed) in wholeOperations)
        {
            var left = await CountDoomedAsync(http, round);
            Assert.True(left is 0 or DoomedPerRound, $"round {round}: the {work} killed midway left {left} of its {DoomedPerRound} objects (all or nothing)");
            if (answered || committed) Assert.Equal(0, left);
            var when = answered ? "after its answer" : committed ? "after its commit, before its answer" : "before its answer";
            output.WriteLine($"round {round}: {work} killed {when}, left {left} of {DoomedPerRound}");
        }
        output.WriteLine($"{Rounds} kill rounds: {acknowledged.Count} acknowledged objects all present and intact");
    }

    private static async Task KillDuringImportAsync(BargeProcess barge, Work work, int round, ConcurrentDictionary<string, string> acknowledged, Random random)
    {
        using var cts = new CancellationTokenSource();
        var firstAcknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var channel = GrpcChannel.ForAddress($"http://{barge.GrpcAddress}");
        var writers = Enumerable.Range(0, Writers).Select(w => work == Work.StreamImport
            ? StreamUntilStoppedAsync(new WeaviateClient(channel), round, w, acknowledged, firstAcknowledged, cts.Token)
            : ImportUntilStoppedAsync(barge.Address, work == Work.GrpcImport ? channel : null, round, w, acknowledged, firstAcknowledged, cts.Token)).ToArray();
        // Each round kills while writes are going on: counted from its first acknowledged batch, so that a slow
        // start on a loaded machine cannot make a round kill before anything was written.
        await firstAcknowledged.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await Task.Delay(random.Next(50, 1200));
        await barge.KillAsync();
        await cts.CancelAsync();
        await Task.WhenAll(writers);
    }

    /// <summary>
    /// Writes this round's doomed objects, starts deleting them (by query, or by undoing their batch) and kills the
    /// server at a random moment of that, or (<paramref name="afterCommit"/>) as soon as a read no longer finds them,
    /// which is after the deletion committed and, mostly, before its answer. Answered: the deletion was answered
    /// before the kill; committed: a read saw it committed before the kill.
    /// </summary>
    private static async Task<(bool Answered, bool Committed)> KillDuringWholeOperationAsync(BargeProcess barge, Work work, int round, Random random,
        bool afterCommit)
    {
        using var http = new HttpClient { BaseAddress = barge.Address, Timeout = TimeSpan.FromMinutes(2) };
        // One batch writes the whole set, so that one undo takes all of it back.
        var batchId = $"doomed-{round}";
        var body = new JsonObject
        {
            ["objects"] = new JsonArray(Enumerable.Range(0, DoomedPerRound).Select(i => (JsonNode)new JsonObject
            {
                ["class"] = "Doomed", ["properties"] = new JsonObject { ["round"] = round, ["title"] = $"doomed {round} {i}" },
            }).ToArray()),
        };
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/v1/batch/objects") { Content = Json(body) })
        {
            request.Headers.Add("X-Batch-Id", batchId);
            using var reply = await http.SendAsync(request);
            reply.EnsureSuccessStatusCode();
            var results = (await reply.Content.ReadFromJsonAsync<JsonArray>())!;
            Assert.All(results, r => Assert.Equal("SUCCESS", (string?)r!["result"]!["status"]));
        }
        Assert.Equal(DoomedPerRound, await CountDoomedAsync(http, round));

        var deletion = work == Work.DeleteByQuery
            ? http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/v1/batch/objects") { Content = Json(DeleteBody(round, dryRun: false)) })
            : http.PostAsync($"/api/batch/v1/{batchId}/undo", null);
        var committed = false;
        if (afterCommit)
        {
            while (!deletion.IsCompleted && !committed) committed = await CountDoomedAsync(http, round) == 0;
        }
        else await Task.WhenAny(deletion, Task.Delay(random.Next(0, 400)));
        await barge.KillAsync();
        try
        {
            using var answer = await deletion;
            return (answer.IsSuccessStatusCode, committed);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            return (false, committed);
        }
    }

    private static JsonObject DeleteBody(int round, bool dryRun) => new()
    {
        ["match"] = new JsonObject
        {
            ["class"] = "Doomed",
            ["where"] = new JsonObject { ["path"] = new JsonArray("round"), ["operator"] = "Equal", ["valueNumber"] = round },
        },
        ["output"] = "minimal",
        ["dryRun"] = dryRun,
    };

    private static async Task<int> CountDoomedAsync(HttpClient http, int round)
    {
        using var reply = await http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/v1/batch/objects") { Content = Json(DeleteBody(round, dryRun: true)) });
        var body = await reply.Content.ReadAsStringAsync();
        Assert.True(reply.StatusCode == HttpStatusCode.OK, $"counting round {round}'s objects answered {(int)reply.StatusCode}: {body}");
        return (int)JsonNode.Parse(body)!["results"]!["matches"]!;
    }

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static async Task ImportUntilStoppedAsync(Uri address, GrpcChannel? grpc, int round, int writer, ConcurrentDictionary<string, string> acknowledged,
        TaskCompletionSource firstAcknowledged, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        var client = grpc is null ? null : new WeaviateClient(grpc);
        for (var batch = 0; !ct.IsCancellationRequested; batch++)
        {
            var items = Enumerable.Range(0, BatchSize).Select(i =>
            {
                var id = Guid.NewGuid().ToString("D");
                return (Id: id, Title: $"round {round} writer {writer} batch {batch} item {i}");
            }).ToList();
            try
            {
                var succeeded = client is null
                    ? await ImportOverRestAsync(http, items, batch, ct)
                    : await ImportOverGrpcAsync(client, items, batch, ct);
                foreach (var i in succeeded) acknowledged[items[i].Id] = items[i].Title;
                if (succeeded.Count > 0) firstAcknowledged.TrySetResult();
            }
            catch (Exception ex) when (IsServerGone(ex))
            {
                return; // the server was killed mid-request: nothing of this batch was acknowledged
            }
        }
    }

    private static async Task<List<int>> ImportOverRestAsync(HttpClient http, List<(string Id, string Title)> items, int batch, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["objects"] = new JsonArray(items.Select(x => (JsonNode)new JsonObject
            {
                ["class"] = "Crash", ["id"] = x.Id, ["properties"] = new JsonObject { ["title"] = x.Title, ["n"] = batch },
            }).ToArray()),
        };
        using var response = await http.PostAsync("/v1/batch/objects", Json(body), ct);
        if (!response.IsSuccessStatusCode) return [];
        var results = (await response.Content.ReadFromJsonAsync<JsonArray>(ct))!;
        return Enumerable.Range(0, results.Count).Where(i => (string?)results[i]!["result"]!["status"] == "SUCCESS").ToList();
    }

    /// <summary>
    /// Server-side batching: one stream per writer, sending batches until stopped while another task reads the
    /// replies. Only a <c>results</c> success acknowledges an object (an <c>acks</c> reply says only that it was queued).
    /// </summary>
    private static async Task StreamUntilStoppedAsync(WeaviateClient client, int round, int writer, ConcurrentDictionary<string, string> acknowledged,
        TaskCompletionSource firstAcknowledged, CancellationToken ct)
    {
        var sent = new ConcurrentDictionary<string, string>();
        using var call = client.BatchStream(cancellationToken: ct);
        var reading = ReadStreamResultsAsync(call.ResponseStream, sent, acknowledged, firstAcknowledged, ct);
        try
        {
            await call.RequestStream.WriteAsync(new BatchStreamRequest { Start = new() });
            for (var batch = 0; !ct.IsCancellationRequested; batch++)
            {
                var data = new BatchStreamRequest.Types.Data { Objects = new() };
                for (var i = 0; i < BatchSize; i++)
                {
                    var id = Guid.NewGuid().ToString("D");
                    var title = $"round {round} stream {writer} batch {batch} item {i}";
                    sent[id] = title;
                    data.Objects.Values.Add(CrashObject(id, title, batch));
                }
                await call.RequestStream.WriteAsync(new BatchStreamRequest { Data = data });
            }
        }
        catch (Exception ex) when (IsServerGone(ex))
        {
            // the server was killed: what it had not answered SUCCESS is not acknowledged
        }
        await reading;
    }

    private static async Task ReadStreamResultsAsync(global::Grpc.Core.IAsyncStreamReader<BatchStreamReply> replies, ConcurrentDictionary<string, string> sent,
        ConcurrentDictionary<string, string> acknowledged, TaskCompletionSource firstAcknowledged, CancellationToken ct)
    {
        try
        {
            while (await replies.MoveNext(ct))
            {
                if (replies.Current.MessageCase != BatchStreamReply.MessageOneofCase.Results) continue;
                foreach (var success in replies.Current.Results.Successes)
                    if (sent.TryGetValue(success.Uuid, out var title)) acknowledged[success.Uuid] = title;
                if (replies.Current.Results.Successes.Count > 0) firstAcknowledged.TrySetResult();
            }
        }
        catch (Exception ex) when (IsServerGone(ex))
        {
        }
    }

    private static bool IsServerGone(Exception ex) =>
        ex is HttpRequestException or TaskCanceledException or OperationCanceledException or IOException or InvalidOperationException
            or global::Grpc.Core.RpcException;

    private static BatchObject CrashObject(string id, string title, int batch)
    {
        var properties = new Struct();
        properties.Fields["title"] = Value.ForString(title);
        properties.Fields["n"] = Value.ForNumber(batch);
        return new BatchObject { Collection = "Crash", Uuid = id, Properties = new BatchObject.Types.Properties { NonRefProperties = properties.ToByteString() } };
    }

    /// <summary>gRPC answers only the failures, by index: every other item of a successful call is acknowledged.</summary>
    private static async Task<List<int>> ImportOverGrpcAsync(WeaviateClient client, List<(string Id, string Title)> items, int batch, CancellationToken ct)
    {
        var request = new BatchObjectsRequest();
        foreach (var (id, title) in items) request.Objects.Add(CrashObject(id, title, batch));
        var reply = await client.BatchObjectsAsync(request, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: ct);
        var failed = reply.Errors.Select(e => e.Index).ToHashSet();
        return Enumerable.Range(0, items.Count).Where(i => !failed.Contains(i)).ToList();
    }
}
