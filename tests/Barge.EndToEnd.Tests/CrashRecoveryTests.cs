using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Barge.EndToEnd.Tests;

/// <summary>
/// The durability promise, tested the hard way: concurrent imports with client ids into a real <c>barge serve</c>,
/// SIGKILL at a random moment, restart, and every item that was answered SUCCESS must be there, intact.
/// On SQLite or PostgreSQL (<c>BARGE_TEST_STORAGE</c>): SUCCESS means committed on either.
/// </summary>
public sealed class CrashRecoveryTests
{
    private const int Rounds = 4;
    private const int Writers = 4;
    private const int BatchSize = 50;

    [Fact]
    public async Task Every_item_answered_SUCCESS_survives_a_SIGKILL()
    {
        await using var data = await BargeData.CreateAsync();
        var acknowledged = new ConcurrentDictionary<string, string>();
        var random = new Random(20261126);
        for (var round = 0; round < Rounds; round++)
        {
            await using var barge = await BargeProcess.StartAsync(data);
            using var cts = new CancellationTokenSource();
            var firstAcknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var writers = Enumerable.Range(0, Writers).Select(w => ImportUntilStoppedAsync(barge.Address, round, w, acknowledged, firstAcknowledged, cts.Token)).ToArray();
            // Each round kills while writes are going on: counted from its first acknowledged batch, so that a slow
            // start on a loaded machine cannot make a round kill before anything was written.
            await firstAcknowledged.Task.WaitAsync(TimeSpan.FromMinutes(2));
            await Task.Delay(random.Next(50, 1200));
            await barge.KillAsync();
            await cts.CancelAsync();
            await Task.WhenAll(writers);
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
    }

    private static async Task ImportUntilStoppedAsync(Uri address, int round, int writer, ConcurrentDictionary<string, string> acknowledged,
        TaskCompletionSource firstAcknowledged, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        for (var batch = 0; !ct.IsCancellationRequested; batch++)
        {
            var items = Enumerable.Range(0, BatchSize).Select(i =>
            {
                var id = Guid.NewGuid().ToString("D");
                return (Id: id, Title: $"round {round} writer {writer} batch {batch} item {i}");
            }).ToList();
            var body = new JsonObject
            {
                ["objects"] = new JsonArray(items.Select(x => (JsonNode)new JsonObject
                {
                    ["class"] = "Crash", ["id"] = x.Id, ["properties"] = new JsonObject { ["title"] = x.Title, ["n"] = batch },
                }).ToArray()),
            };
            try
            {
                using var response = await http.PostAsync("/v1/batch/objects", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), ct);
                if (!response.IsSuccessStatusCode) continue;
                var results = (await response.Content.ReadFromJsonAsync<JsonArray>(ct))!;
                for (var i = 0; i < results.Count; i++)
                    if ((string?)results[i]!["result"]!["status"] == "SUCCESS") acknowledged[items[i].Id] = items[i].Title;
                firstAcknowledged.TrySetResult();
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException or IOException)
            {
                return; // the server was killed mid-request: nothing of this batch was acknowledged
            }
        }
    }
}
