using System.Net;
using System.Net.Http.Headers;

namespace Barge.Ui.Tests;

/// <summary>The page's routes over plain HTTP (no browser): where a browser lands, what is served, and with what policy.</summary>
public sealed class PageRoutesTests : IAsyncLifetime
{
    private readonly UiServer _ui = new();
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false });

    public async ValueTask InitializeAsync()
    {
        await _ui.InitializeAsync();
        _http.BaseAddress = _ui.Address;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _ui.DisposeAsync();
    }

    [Fact]
    public async Task A_browser_at_the_root_goes_to_the_batches_and_api_clients_keep_weaviates_answer()
    {
        using var browser = new HttpRequestMessage(HttpMethod.Get, "/");
        browser.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");
        using var landed = await _http.SendAsync(browser);
        Assert.Equal(HttpStatusCode.Redirect, landed.StatusCode);
        Assert.Equal("/ui/batches", landed.Headers.Location!.OriginalString);

        using var api = await _http.GetAsync("/");
        Assert.Equal(HttpStatusCode.MovedPermanently, api.StatusCode);
        Assert.Equal("/v1", api.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/ui/batches")]
    [InlineData("/ui/batches/some-id")]
    [InlineData("/ui/classes")]
    public async Task Every_view_is_the_page_served_without_a_key_under_a_same_origin_policy(string path)
    {
        using var page = await _http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<script src=\"/ui/assets/ui.js\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var policy = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_assets_are_served_and_nothing_else_is()
    {
        using var js = await _http.GetAsync("/ui/assets/ui.js");
        Assert.Equal(HttpStatusCode.OK, js.StatusCode);
        Assert.Equal("text/javascript", js.Content.Headers.ContentType!.MediaType);
        using var css = await _http.GetAsync("/ui/assets/ui.css");
        Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
        using var missing = await _http.GetAsync("/ui/assets/other.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        // The page is free to load; the data behind it is not.
        using var data = await _http.GetAsync("/api/batch/v1");
        Assert.Equal(HttpStatusCode.Unauthorized, data.StatusCode);
    }
}
