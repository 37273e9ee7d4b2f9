using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Barge.EndToEnd.Tests.Cli;

/// <summary>
/// One <c>barge serve</c> process (on the store <c>BARGE_TEST_STORAGE</c> selects) with API keys on, shared by the
/// command line tests of a class; each test uses classes of its own. Checks go over plain HTTP, not through the CLI.
/// </summary>
public sealed class CliServer : IAsyncLifetime
{
    public const string Key = "cli-e2e-key-5f3a9c";
    private BargeData _data = null!;
    private BargeProcess _barge = null!;
    private HttpClient _http = null!;

    public Uri Address => _barge.Address;

    /// <summary>The folder for a test's input and output files.</summary>
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "barge-cli-e2e", Guid.NewGuid().ToString("N"));

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        _data = await BargeData.CreateAsync();
        _barge = await BargeProcess.StartAsync(_data, new Dictionary<string, string>
        {
            ["AUTHENTICATION_APIKEY_ENABLED"] = "true",
            ["AUTHENTICATION_APIKEY_ALLOWED_KEYS"] = Key,
        });
        _http = new HttpClient { BaseAddress = _barge.Address };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _barge.DisposeAsync();
        await _data.DisposeAsync();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }

    /// <summary>Runs <c>barge</c> against this server, the URL and key given as <c>BARGE_URL</c> / <c>BARGE_API_KEY</c>.</summary>
    public Task<BargeCli.Run> BargeAsync(params string[] args) => BargeWithInputAsync(null, args);

    public Task<BargeCli.Run> BargeWithInputAsync(string? stdin, params string[] args) =>
        BargeCli.RunAsync(args, stdin, new Dictionary<string, string> { ["BARGE_URL"] = Address.ToString(), ["BARGE_API_KEY"] = Key });

    public string File(string name, string content)
    {
        var path = Path.Combine(Folder, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public async Task CreateClassAsync(string json)
    {
        using var reply = await _http.PostAsync("/v1/schema", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.True(reply.IsSuccessStatusCode, await reply.Content.ReadAsStringAsync());
    }

    public async Task<long> CountAsync(string cls)
    {
        var list = JsonNode.Parse(await _http.GetStringAsync($"/v1/objects?class={cls}&limit=1"))!;
        return (long?)list["totalResults"] ?? 0; // left out when there are none
    }

    public async Task<JsonNode> MetaAsync() => JsonNode.Parse(await _http.GetStringAsync("/v1/meta"))!;

    public async Task<JsonNode?> GetAsync(string cls, string id)
    {
        using var reply = await _http.GetAsync($"/v1/objects/{cls}/{id}?include=vector");
        return reply.IsSuccessStatusCode ? JsonNode.Parse(await reply.Content.ReadAsStringAsync()) : null;
    }

    public static string Id(int n) => $"00000000-0000-4000-8000-{n:D12}";

    public static string Lines(int count, Func<int, string> line) => string.Concat(Enumerable.Range(1, count).Select(n => line(n) + "\n"));
}
