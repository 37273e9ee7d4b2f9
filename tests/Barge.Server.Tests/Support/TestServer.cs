using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Barge.Server.Hosting;

namespace Barge.Server.Tests.Support;

/// <summary>
/// A real Barge server on a free loopback port over a fresh SQLite data folder, and an HTTP client for it.
/// Each test class gets its own (xunit class fixture or per test via <see cref="StartAsync"/>).
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private TestServer(BargeServer server, BargeOptions options)
    {
        Server = server;
        Options = options;
        Client = new HttpClient { BaseAddress = server.Address };
    }

    public BargeServer Server { get; }
    public BargeOptions Options { get; }
    public HttpClient Client { get; }
    public string DataPath => Options.DataPath;

    public static async Task<TestServer> StartAsync(Func<BargeOptions, BargeOptions>? configure = null, string? dataPath = null)
    {
        var options = new BargeOptions { DataPath = dataPath ?? NewDataFolder(), Listen = "127.0.0.1:0" };
        if (configure is not null) options = configure(options);
        return new TestServer(await BargeServer.StartAsync(options), options);
    }

    public static string NewDataFolder()
    {
        var path = Path.Combine(Path.GetTempPath(), "barge-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Stops this server and starts a new one on the same data folder.</summary>
    public async Task<TestServer> RestartAsync()
    {
        await DisposeAsync();
        var options = Options with { Listen = "127.0.0.1:0" };
        return new TestServer(await BargeServer.StartAsync(options), options);
    }

    public Task<Reply> GetAsync(string path, string? token = null) => SendAsync(HttpMethod.Get, path, null, token);
    public Task<Reply> PostAsync(string path, object? body, string? token = null) => SendAsync(HttpMethod.Post, path, body, token);
    public Task<Reply> PutAsync(string path, object? body, string? token = null) => SendAsync(HttpMethod.Put, path, body, token);
    public Task<Reply> PatchAsync(string path, object? body, string? token = null) => SendAsync(HttpMethod.Patch, path, body, token);
    public Task<Reply> DeleteAsync(string path, object? body = null, string? token = null) => SendAsync(HttpMethod.Delete, path, body, token);
    public Task<Reply> HeadAsync(string path, string? token = null) => SendAsync(HttpMethod.Head, path, null, token);

    /// <summary>Sends a request; <paramref name="body"/> is a JSON string sent verbatim, a JsonNode, or null for none.</summary>
    public async Task<Reply> SendAsync(HttpMethod method, string path, object? body, string? token = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            var text = body as string ?? ((JsonNode)body).ToJsonString();
            request.Content = new StringContent(text, Encoding.UTF8, "application/json");
        }
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Client.SendAsync(request);
        var content = await response.Content.ReadAsStringAsync();
        return new Reply((int)response.StatusCode, content, response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>An HTTP answer: status, raw body and headers, with the body parsed on demand.</summary>
public sealed record Reply(int Status, string Body, IReadOnlyDictionary<string, string> Headers)
{
    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("body is JSON null");

    /// <summary>The message of a Weaviate application error <c>{"error":[{"message"}]}</c>.</summary>
    public string ErrorMessage => (string)Json["error"]![0]!["message"]!;

    public override string ToString() => $"{Status} {Body}";
}
