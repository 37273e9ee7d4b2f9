using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.BatchService.JournalTestKit;

namespace Barge.Server.Tests.Hat;

/// <summary>Helpers for the HAT tests: the seed's batch, requests with <c>X-Auth-Token</c>, records posted in one call.</summary>
internal static class HatKit
{
    /// <summary>The body of seeds/004 as the document sends it.</summary>
    public const string SeedBatch = """
        [{"endpoint": "rumpel/notable",
          "data": {"id": 84995, "lastUpdated": "2017-04-23T14:21:51+01:00",
                   "data": {"notablesv1": {"authorv1": {"phata": "testing.hubat.net"}, "created_time": "2017-04-10T14:19:59:+01:00",
                            "shared": "true", "shared_on": "twitter", "message": "Showcasing the new HAT APIs",
                            "public_until": "2017-05-11T14:21:54+01:00", "updated_time": "2017-04-23T14:21:58+01:00", "kind": "note"}}},
          "links": [{"endpoint": "rumpel/nudge", "data": {"type": "time", "nudge": "Share APIs with the world", "time": "2017-04-30T14:22:52+01:00"}}]}]
        """;

    public static Task<Reply> HatAsync(this TestServer server, HttpMethod method, string path, object? body = null, string? token = null) =>
        server.SendWithAsync(method, path, body, token is null ? null : H(("X-Auth-Token", token)));

    /// <summary>Posts data records to one endpoint and returns their ids in order.</summary>
    public static async Task<List<string>> SaveAsync(this TestServer server, string endpoint, params string[] data)
    {
        var reply = await server.PostAsync($"/api/v2.6/data/{endpoint}", "[" + string.Join(",", data) + "]");
        Assert.True(reply.Status == 201, reply.ToString());
        return reply.Json.AsArray().Select(r => (string)r!["recordId"]!).ToList();
    }

    public static List<string> Ids(Reply reply) => reply.Json.AsArray().Select(r => (string)r!["recordId"]!).ToList();
}
