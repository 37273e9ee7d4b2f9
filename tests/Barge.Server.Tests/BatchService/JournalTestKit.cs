using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;

namespace Barge.Server.Tests.BatchService;

/// <summary>Helpers for the journal tests: requests with batch headers, summaries read back.</summary>
internal static class JournalTestKit
{
    /// <summary>Sends a request with extra headers (X-Batch-*, Idempotency-Key); body is a JSON string or node.</summary>
    public static async Task<Reply> SendWithAsync(this TestServer server, HttpMethod method, string path, object? body,
        IReadOnlyDictionary<string, string>? headers = null, string? token = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body as string ?? ((JsonNode)body).ToJsonString(), Encoding.UTF8, "application/json");
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(name, value);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await server.Client.SendAsync(request);
        var content = await response.Content.ReadAsStringAsync();
        return new Reply((int)response.StatusCode, content, response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase));
    }

    public static Dictionary<string, string> H(params (string Name, string Value)[] headers) =>
        headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase);

    public static async Task<JsonObject> SummaryAsync(this TestServer server, string batchId, string? token = null)
    {
        var reply = await server.GetAsync($"/api/batch/v1/{batchId}", token);
        Assert.True(reply.Status == 200, reply.ToString());
        return reply.Json.AsObject();
    }

    public static JsonObject VarBatch(string? id, params JsonNode[] elements)
    {
        var batch = new JsonObject { ["_type"] = "VarBatch", ["elements"] = new JsonArray(elements.Select(e => e.DeepClone()).ToArray()) };
        if (id is not null) batch["_id"] = id;
        return batch;
    }

    /// <summary>What the summary lists for a collection, every day together: the objects as the caller named them.</summary>
    public static List<string> Ids(JsonNode summary, string collection) =>
        (summary["summary"]![collection] as JsonObject ?? []).SelectMany(day => day.Value!.AsArray()).Select(n => (string)n!).ToList();

    /// <summary>The object ids a batch wrote into a collection, from its paged object list.</summary>
    public static async Task<List<string>> ObjectIdsAsync(this TestServer server, string batchId, string collection)
    {
        var reply = await server.GetAsync($"/api/batch/v1/{batchId}/objects?_limit=10000");
        Assert.True(reply.Status == 200, reply.ToString());
        return reply.Json.AsArray().Where(o => (string)o!["collection"]! == collection).Select(o => (string)o!["id"]!).ToList();
    }
}
