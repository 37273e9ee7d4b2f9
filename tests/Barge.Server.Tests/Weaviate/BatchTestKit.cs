using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;

namespace Barge.Server.Tests.Weaviate;

/// <summary>Shared helpers for the batch and filter HTTP tests: request bodies, schema setup, read-back.</summary>
internal static class BatchTestKit
{
    public static JsonNode J(string json) => JsonNode.Parse(json)!;

    /// <summary>A deterministic id per number, so that tests can name objects without keeping state.</summary>
    public static string Id(int n) => $"00000000-0000-4000-8000-{n:D12}";

    public static Task<Reply> ImportAsync(this TestServer server, params JsonNode[] objects) =>
        server.PostAsync("/v1/batch/objects", new JsonObject { ["objects"] = new JsonArray(objects.Select(o => o.DeepClone()).ToArray()) });

    public static JsonObject Obj(string cls, string? id, string propertiesJson = "{}")
    {
        var o = new JsonObject { ["class"] = cls, ["properties"] = J(propertiesJson) };
        if (id is not null) o["id"] = id;
        return o;
    }

    /// <summary>Creates a class through POST /v1/schema (defaults filled in by the server).</summary>
    public static async Task CreateClassAsync(this TestServer server, string classJson)
    {
        var reply = await server.PostAsync("/v1/schema", classJson);
        Assert.True(reply.Status == 200, reply.ToString());
    }

    /// <summary>Number of stored objects of a class (GET /v1/objects omits totalResults when it is 0).</summary>
    public static async Task<long> CountAsync(this TestServer server, string cls)
    {
        var reply = await server.GetAsync($"/v1/objects?class={cls}&limit=1");
        Assert.Equal(200, reply.Status);
        return (long?)reply.Json["totalResults"] ?? 0;
    }

    public static async Task<JsonNode?> GetObjectAsync(this TestServer server, string cls, string id)
    {
        var reply = await server.GetAsync($"/v1/objects/{cls}/{id}");
        return reply.Status == 200 ? reply.Json : null;
    }

    public static Task<Reply> DeleteWhereAsync(this TestServer server, string cls, string whereJson, string? output = null, bool? dryRun = null)
    {
        var body = new JsonObject { ["match"] = new JsonObject { ["class"] = cls, ["where"] = J(whereJson) } };
        if (output is not null) body["output"] = output;
        if (dryRun is not null) body["dryRun"] = dryRun;
        return server.DeleteAsync("/v1/batch/objects", body);
    }

    /// <summary>The sorted ids a dry run would delete (verbose), i.e. the objects the filter matches.</summary>
    public static async Task<List<string>> MatchingIdsAsync(this TestServer server, string cls, string whereJson)
    {
        var reply = await server.DeleteWhereAsync(cls, whereJson, "verbose", dryRun: true);
        Assert.True(reply.Status == 200, reply.ToString());
        var objects = reply.Json["results"]!["objects"] as JsonArray ?? [];
        return objects.Select(o => (string)o!["id"]!).Order(StringComparer.Ordinal).ToList();
    }

    public static string Status(JsonNode item) => (string)item["result"]!["status"]!;

    public static string Error(JsonNode item) => (string)item["result"]!["errors"]!["error"]![0]!["message"]!;
}
