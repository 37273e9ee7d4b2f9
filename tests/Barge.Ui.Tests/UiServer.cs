using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Barge.EndToEnd.Tests;
using Microsoft.Playwright;

namespace Barge.Ui.Tests;

/// <summary>
/// <c>barge serve</c> as a separate process on fresh data (SQLite, or PostgreSQL with <c>BARGE_TEST_STORAGE=postgres</c>),
/// with API keys: <c>admin-key</c> (user admin) and <c>reader-key</c> (read-only user reader), anonymous access off.
/// Imports go through the HTTP API; the page is driven in the system's Chromium (<see cref="Chromium"/>).
/// </summary>
public sealed class UiServer : IAsyncLifetime
{
    public const string AdminKey = "admin-key";
    public const string ReaderKey = "reader-key";

    private BargeData _data = null!;
    private BargeProcess _barge = null!;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public HttpClient Http { get; } = new();
    public Uri Address => _barge.Address;

    public async ValueTask InitializeAsync()
    {
        _data = await BargeData.CreateAsync();
        _barge = await BargeProcess.StartAsync(_data, new Dictionary<string, string>
        {
            ["AUTHENTICATION_ANONYMOUS_ACCESS_ENABLED"] = "false",
            ["AUTHENTICATION_APIKEY_ENABLED"] = "true",
            ["AUTHENTICATION_APIKEY_ALLOWED_KEYS"] = $"{AdminKey},{ReaderKey}",
            ["AUTHENTICATION_APIKEY_USERS"] = "admin,reader",
            ["AUTHORIZATION_ADMINLIST_ENABLED"] = "true",
            ["AUTHORIZATION_ADMINLIST_USERS"] = "admin",
            ["AUTHORIZATION_ADMINLIST_READONLY_USERS"] = "reader",
        });
        Http.BaseAddress = _barge.Address;
    }

    /// <summary>A fresh browser page (its own session storage) at <paramref name="path"/>, with <paramref name="key"/> typed in, if any.</summary>
    public async Task<IPage> OpenAsync(string path, string? key = AdminKey, int width = 1280, int height = 900)
    {
        var executable = Chromium.Require();
        _playwright ??= await Playwright.CreateAsync();
        _browser ??= await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox"], // the tests may run as root (CI containers)
        });
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(Address, path).ToString());
        if (key is not null)
        {
            await page.FillAsync("#key", key);
            await page.ClickAsync("#key-form button[type=submit]");
            await Assertions.Expect(page.Locator("#who")).ToContainTextAsync("as ");
        }
        return page;
    }

    /// <summary>Writes a screenshot of the page as a test artifact (TestResults/screenshots beside the test binaries) and returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>Posts a batch-service batch (<c>elements</c> of the collection) as admin, named; returns the summary.</summary>
    public async Task<JsonNode> ImportAsync(string id, string collection, IEnumerable<string> elements, string? name = null)
    {
        var body = $$"""{"_id":"{{id}}","_type":"VarBatch","elements":[{{string.Join(",", elements)}}]}""";
        return await SendAsync(HttpMethod.Post, $"/api/batch/v1?collection={collection}", body, ("X-Batch-Name", name ?? "loader"), ("X-Batch-Source", "tests"));
    }

    public async Task<JsonNode> SendAsync(HttpMethod method, string path, string? body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        foreach (var (n, v) in headers) request.Headers.TryAddWithoutValidation(n, v);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text.Length == 0 ? "null" : text) ?? new JsonObject();
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        Http.Dispose();
        await _barge.DisposeAsync();
        await _data.DisposeAsync();
    }
}
