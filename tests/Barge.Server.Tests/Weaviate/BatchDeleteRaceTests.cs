using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.BatchService.JournalTestKit;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.Weaviate;

/// <summary>
/// A delete-by-query racing with other writers of the objects it matches: it matches and deletes in one write
/// transaction, so every object it matched is deleted by it (no "deleted by someone else" item), each object is
/// deleted by exactly one caller, and its counts, its answer and its journal agree.
/// </summary>
public sealed class BatchDeleteRaceTests : IAsyncLifetime
{
    private const int Rounds = 4;
    private const int PerGroup = 60;
    private const string Doomed = """{"operator":"Equal","path":["kind"],"valueText":"doomed"}""";
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync();
    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_delete_by_query_racing_with_deletes_and_replaces_of_its_matches_deletes_each_match_itself()
    {
        for (var round = 0; round < Rounds; round++)
        {
            // Three groups of doomed objects: deleted one by one meanwhile, replaced (still doomed) meanwhile, left alone.
            var deleted = Enumerable.Range(0, PerGroup).Select(i => Id(round * 1000 + i)).ToList();
            var replaced = Enumerable.Range(0, PerGroup).Select(i => Id(round * 1000 + 100 + i)).ToList();
            var untouched = Enumerable.Range(0, PerGroup).Select(i => Id(round * 1000 + 200 + i)).ToList();
            var all = deleted.Concat(replaced).Concat(untouched).ToList();
            var imported = await _server.ImportAsync(all.Select(id => (JsonNode)Obj("Race", id, """{"kind":"doomed","version":0}""")).ToArray());
            Assert.Equal(200, imported.Status);

            var batchId = $"race-{round}";
            var body = new JsonObject { ["match"] = new JsonObject { ["class"] = "Race", ["where"] = J(Doomed) }, ["output"] = "verbose" };
            var deletion = _server.SendWithAsync(HttpMethod.Delete, "/v1/batch/objects", body, H(("X-Batch-Id", batchId)));
            var singles = deleted.Select(id => _server.DeleteAsync($"/v1/objects/Race/{id}")).ToList();
            var replaces = replaced.Chunk(10).Select(ids => _server.ImportAsync(ids.Select(id => (JsonNode)Obj("Race", id, """{"kind":"doomed","version":1}""")).ToArray())).ToList();
            var reply = await deletion;
            var singleReplies = await Task.WhenAll(singles);
            Assert.All(await Task.WhenAll(replaces), r => Assert.Equal(200, r.Status));

            Assert.Equal(200, reply.Status);
            var results = reply.Json["results"]!;
            var items = results["objects"] as JsonArray ?? [];
            Assert.All(items, o => Assert.True((string)o!["status"]! == "SUCCESS", $"round {round}: {o!.ToJsonString()}"));
            var byCall = items.Select(o => (string)o!["id"]!).ToHashSet(StringComparer.Ordinal);
            Assert.Equal(byCall.Count, items.Count);
            Assert.Equal(byCall.Count, (int)results["matches"]!);
            Assert.Equal(byCall.Count, (int)results["successful"]!);
            Assert.Equal(0, (int)results["failed"]!);
            Assert.Equal(0, (int)results["remaining"]!);
            Assert.Equal(byCall.Count.ToString(), reply.Headers["X-Batch-Succeeded"]);

            // An object deleted one by one was deleted by exactly one of the two callers.
            for (var i = 0; i < deleted.Count; i++)
            {
                var bySingle = singleReplies[i].Status == 204;
                Assert.True(bySingle ^ byCall.Contains(deleted[i]), $"round {round}: {deleted[i]} deleted by the call: {byCall.Contains(deleted[i])}, one by one: {singleReplies[i].Status}");
            }
            // A replaced object matched in every version it had, so the call matched it; and the rest was all the call's.
            Assert.All(replaced, id => Assert.Contains(id, byCall));
            Assert.All(untouched, id => Assert.Contains(id, byCall));
            foreach (var id in untouched) Assert.Null(await _server.GetObjectAsync("Race", id));
            // What still matches is only replaces that landed after the call.
            var left = await _server.MatchingIdsAsync("Race", Doomed);
            Assert.All(left, id => Assert.Contains(id, replaced));

            // The journal says what the answer said: every id the call deleted, each once, and nothing failed.
            var summary = await _server.SummaryAsync(batchId);
            Assert.Equal("success", (string)summary["status"]!);
            Assert.Equal(byCall.Count, (int)summary["counts"]!["succeeded"]!);
            Assert.Equal(0, (int)summary["counts"]!["failed"]!);
            Assert.Equal(byCall.Order(StringComparer.Ordinal), Ids(summary, "Race").Order(StringComparer.Ordinal));

            await _server.DeleteWhereAsync("Race", Doomed);
        }
    }
}
