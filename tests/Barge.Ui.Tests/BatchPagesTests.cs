using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Barge.Ui.Tests;

/// <summary>
/// The journal page in a real headless Chromium against <c>barge serve</c>: the live batch list and its filters, a
/// batch's failures and objects page by page, dry-run undo then undo, the read-only view, narrow screens, and that
/// the page asks nothing of any other origin. Screenshots of each view are written as artifacts.
/// </summary>
public sealed class BatchPagesTests : IAsyncLifetime
{
    private readonly UiServer _ui = new();

    public ValueTask InitializeAsync() => _ui.InitializeAsync();

    public ValueTask DisposeAsync() => _ui.DisposeAsync();

    private static IEnumerable<string> Good(string prefix, int n) => Enumerable.Range(0, n).Select(i => $$"""{"_id":"{{prefix}}{{i}}","n":{{i}}}""");

    private static IEnumerable<string> Bad(string prefix, int n) => Enumerable.Range(0, n).Select(i => $$"""{"_id":"{{prefix}}{{i}}","n":"not a number"}""");

    [Fact]
    public async Task The_list_shows_every_batch_newest_first_with_its_counts_and_refreshes_itself()
    {
        await _ui.ImportAsync("first", "Price", Good("p", 3), "PRICES");
        await _ui.ImportAsync("second", "Price", Good("q", 2).Concat(Bad("x", 2)), "MIXED");
        var page = await _ui.OpenAsync("/ui/batches");

        var rows = page.Locator("#batches tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0)).ToHaveAttributeAsync("data-batch", "second");
        await Expect(rows.Nth(0).Locator("[data-field=succeeded]")).ToHaveTextAsync("2");
        await Expect(rows.Nth(0).Locator("[data-field=failed]")).ToHaveTextAsync("2");
        await Expect(rows.Nth(0)).ToContainTextAsync("partial");
        await Expect(rows.Nth(0)).ToContainTextAsync("MIXED");
        await Expect(rows.Nth(1)).ToContainTextAsync("success");
        await Expect(page.Locator("#chart-body svg")).ToHaveAttributeAsync("aria-label", new Regex("batch 5 objects"));
        await UiServer.ScreenshotAsync(page, "batches");

        // An import while the page is open appears without a reload.
        await _ui.ImportAsync("third", "Price", Good("r", 1), "LATE");
        await Expect(rows).ToHaveCountAsync(3, new() { Timeout = 15_000 });
        await Expect(rows.Nth(0)).ToHaveAttributeAsync("data-batch", "third");
    }

    [Fact]
    public async Task Filters_narrow_the_list_and_their_address_can_be_reloaded()
    {
        await _ui.ImportAsync("ok", "Alpha", Good("a", 2), "GOOD");
        // Beta's n is a number before "ko" sends text (else the text would define it).
        await _ui.SendAsync(HttpMethod.Post, "/v1/schema", """{"class":"Beta","properties":[{"name":"n","dataType":["number"]}]}""");
        await _ui.ImportAsync("ko", "Beta", Bad("b", 2), "BAD");
        var page = await _ui.OpenAsync("/ui/batches");
        await Expect(page.Locator("#batches tbody tr")).ToHaveCountAsync(2);

        await page.GetByLabel("Status").SelectOptionAsync("failed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/ui/batches\\?status=failed$"));
        await Expect(page.Locator("#batches tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#batches tbody tr")).ToHaveAttributeAsync("data-batch", "ko");

        await page.ReloadAsync();
        await Expect(page.Locator("#batches tbody tr")).ToHaveCountAsync(1);
        await page.GotoAsync(new Uri(_ui.Address, "/ui/batches?class=Alpha").ToString());
        await Expect(page.Locator("#batches tbody tr")).ToHaveAttributeAsync("data-batch", "ok");
        await page.GotoAsync(new Uri(_ui.Address, "/ui/batches?name=BAD").ToString());
        await Expect(page.Locator("#batches tbody tr")).ToHaveAttributeAsync("data-batch", "ko");
    }

    [Fact]
    public async Task A_failed_items_reason_is_two_clicks_away_and_failures_are_paged()
    {
        await _ui.ImportAsync("big", "Load", Good("g", 70).Concat(Bad("f", 60)), "BIG");
        var page = await _ui.OpenAsync("/");

        await page.GetByRole(AriaRole.Link, new() { Name = "big" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/ui/batches/big$"));
        var failures = page.Locator("#failures tbody tr");
        await Expect(failures).ToHaveCountAsync(50);
        await Expect(failures.First).ToContainTextAsync("70");
        await Expect(failures.First).ToContainTextAsync("f0");
        var reason = (string)(await _ui.SendAsync(HttpMethod.Get, "/api/batch/v1/big/failures?_limit=1", null))[0]!["reason"]!;
        await Expect(failures.First).ToContainTextAsync(reason);
        await Expect(page.Locator("#failures caption")).ToHaveTextAsync("1–50 of 60");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next failures" }).ClickAsync();
        await Expect(failures).ToHaveCountAsync(10);
        await Expect(failures.Last).ToContainTextAsync("f59");

        await Expect(page.Locator("#objects caption")).ToHaveTextAsync("1–50 of 70");
        await Expect(page.Locator("#objects tbody tr").First).ToContainTextAsync("g0");
        await page.Locator("#objects a[data-json]").First.ClickAsync();
        await Expect(page.Locator("pre.json:visible")).ToContainTextAsync("\"class\": \"Load\"");
        await Expect(page.Locator("[data-field=status]")).ToHaveTextAsync("partial");
        await UiServer.ScreenshotAsync(page, "batch");
    }

    [Fact]
    public async Task Dry_run_undo_shows_what_would_go_and_what_cannot_then_undo_removes_it()
    {
        await _ui.ImportAsync("to-undo", "Doc", Good("d", 3));
        await _ui.ImportAsync("later", "Doc", [$$"""{"_id":"d1","n":100}"""]); // d1 changed since
        var page = await _ui.OpenAsync("/ui/batches/to-undo");

        await page.GetByRole(AriaRole.Button, new() { Name = "Dry-run undo" }).ClickAsync();
        await Expect(page.Locator("#undo-deleted li")).ToHaveCountAsync(2);
        await Expect(page.Locator("#undo-skipped li")).ToHaveCountAsync(1);
        await Expect(page.Locator("#undo-skipped li")).ToContainTextAsync("changed by batch later since");
        Assert.Equal(3, await CountAsync("Doc"));

        page.Dialog += (_, dialog) => _ = dialog.AcceptAsync(); // Playwright waits for the dialog's answer itself
        await page.GetByRole(AriaRole.Button, new() { Name = "Undo this batch" }).ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("Undone: 2 objects removed.");
        await Expect(page.Locator("#undo-deleted li")).ToHaveCountAsync(2);
        Assert.Equal(1, await CountAsync("Doc"));
        await UiServer.ScreenshotAsync(page, "undo");
    }

    [Fact]
    public async Task A_read_only_key_sees_the_batches_and_no_undo()
    {
        await _ui.ImportAsync("seen", "Shared", Good("s", 2).Concat(Bad("x", 1)));
        var page = await _ui.OpenAsync("/ui/batches", UiServer.ReaderKey);
        await Expect(page.Locator("#who")).ToHaveTextAsync("as reader (read-only)");
        await Expect(page.Locator("#batches tbody tr")).ToHaveAttributeAsync("data-batch", "seen");

        await page.GetByRole(AriaRole.Link, new() { Name = "seen" }).ClickAsync();
        await Expect(page.Locator("#failures tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator(".undo")).ToContainTextAsync("read-only");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Dry-run undo" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Undo this batch" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Without_a_key_the_page_asks_for_one()
    {
        var page = await _ui.OpenAsync("/ui/batches", key: null);
        await Expect(page.Locator("#status")).ToContainTextAsync("API key");
        await Expect(page.GetByLabel("API key")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task Classes_show_their_count_properties_indexes_and_vector_dimensions()
    {
        await _ui.SendAsync(HttpMethod.Post, "/v1/batch/objects", """
            {"objects":[{"class":"Vec","properties":{"title":"a"},"vector":[0.1,0.2,0.3]},{"class":"Vec","properties":{"title":"b"},"vector":[0.3,0.2,0.1]}]}
            """);
        var page = await _ui.OpenAsync("/ui/classes");
        var card = page.Locator("[data-class=Vec]");
        await Expect(card.Locator("[data-field=count]")).ToHaveTextAsync("Objects: 2");
        await Expect(card.Locator("[data-field=dimensions]")).ToHaveTextAsync("Vector dimensions: 3");
        await Expect(card.GetByRole(AriaRole.Rowheader, new() { Name = "title" })).ToHaveCountAsync(1);
        await Expect(card).ToContainTextAsync("vector: hnsw");
        await UiServer.ScreenshotAsync(page, "classes");
    }

    [Fact]
    public async Task On_a_narrow_screen_nothing_overflows_and_the_page_asks_no_other_origin()
    {
        await _ui.ImportAsync("narrow", "Phone", Good("p", 2).Concat(Bad("x", 1)), "A_LONG_LOADER_NAME_THAT_MIGHT_OVERFLOW");
        var requests = new List<string>();
        var page = await _ui.OpenAsync("/ui/batches", width: 375, height: 800);
        page.Request += (_, r) => { lock (requests) requests.Add(r.Url); };
        await page.ReloadAsync();
        await Expect(page.Locator("#batches tbody tr")).ToHaveCountAsync(1);
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the batch list overflows 375 px");
        await page.GetByRole(AriaRole.Link, new() { Name = "narrow" }).ClickAsync();
        await Expect(page.Locator("#failures tbody tr")).ToHaveCountAsync(1);
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the batch page overflows 375 px");
        await UiServer.ScreenshotAsync(page, "batch-narrow");

        // Keyboard: the skip link comes first, then the views.
        await page.ReloadAsync();
        await Expect(page.Locator("#failures tbody tr")).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator(":focus")).ToHaveTextAsync("Skip to content");
        lock (requests) Assert.All(requests, url => Assert.StartsWith(_ui.Address.GetLeftPart(UriPartial.Authority), url));
    }

    private async Task<int> CountAsync(string collection)
    {
        var nodes = await _ui.SendAsync(HttpMethod.Get, "/v1/nodes?output=verbose", null);
        return nodes["nodes"]![0]!["shards"]!.AsArray().Where(s => (string)s!["class"]! == collection).Sum(s => (int)s!["objectCount"]!);
    }
}
