using Barge.Core.Errors;
using Barge.Core.Filters;
using Barge.Core.Objects;
using Barge.Core.Query;
using Barge.Core.Schema;
using Barge.Core.Storage;
using Barge.Storage.Tests.Backends;
using static Barge.Storage.Tests.Queries.QueryDatabase;

namespace Barge.Storage.Tests.Queries;

public sealed class SearchTestsOnSqlite() : SearchTests(StoreBackend.Sqlite);

public sealed class SearchTestsOnSqliteRows() : SearchTests(StoreBackend.SqliteRows);

public sealed class SearchTestsOnPostgres() : SearchTests(StoreBackend.Postgres);

/// <summary>Searches without a vector: limits as Weaviate applies them, cursor and offset paging, sort, filters, fetch by id.</summary>
public abstract class SearchTests(StoreBackend backend)
{
    private static readonly ClassDefinition Item = new()
    {
        Name = "Item",
        Properties = [new PropertyDefinition { Name = "n", DataTypeNames = ["int"] }, new PropertyDefinition { Name = "group", DataTypeNames = ["text"], Tokenization = "field" }],
    };

    private static readonly ObjectOptions Limits = new() { QueryDefaultsLimit = 4, QueryMaximumResults = 12 };

    /// <summary>Twenty items; n counts down (so sorting by n reverses the id order), group is a or b by parity.</summary>
    private async Task<QueryDatabase> DatabaseAsync()
    {
        var db = await OpenAsync(backend, Limits, Item);
        for (var i = 0; i < 20; i++) await db.PutAsync("Item", Id(i), $$"""{"n":{{20 - i}},"group":"{{(i % 2 == 0 ? "a" : "b")}}"}""", [i, 1]);
        await db.PutAsync("Item", Id(50), """{"n":0,"group":"a"}""", tenant: "t1");
        return db;
    }

    private static int[] Numbers(SearchResult r) => r.Hits.Select(h => int.Parse(h.Object.Id[^12..], System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public async Task Without_a_limit_the_default_applies_and_offset_plus_limit_may_not_pass_the_maximum()
    {
        await using var db = await DatabaseAsync();
        Assert.Equal(new[] { 0, 1, 2, 3 }, Numbers(await db.Query.SearchAsync(new SearchQuery("item"))));
        Assert.Equal(new[] { 10, 11 }, Numbers(await db.Query.SearchAsync(new SearchQuery("Item") { Offset = 10, Limit = 2 })));
        var e = await Assert.ThrowsAsync<UserInputException>(() => db.Query.SearchAsync(new SearchQuery("Item") { Offset = 10, Limit = 3 }));
        Assert.Equal("query maximum results exceeded", e.Message);
    }

    [Fact]
    public async Task The_after_cursor_pages_by_id_and_refuses_what_would_reorder_or_narrow_it()
    {
        await using var db = await DatabaseAsync();
        var first = await db.Query.SearchAsync(new SearchQuery("Item") { Limit = 3 });
        var next = await db.Query.SearchAsync(new SearchQuery("Item") { Limit = 3, After = first.Hits[^1].Object.Id.ToUpperInvariant() });
        Assert.Equal([3, 4, 5], Numbers(next));
        var e = await Assert.ThrowsAsync<UserInputException>(() => db.Query.SearchAsync(new SearchQuery("Item")
        {
            After = Id(3), Offset = 1, Filter = Where("""{"path":["n"],"operator":"GreaterThan","valueInt":1}"""),
        }));
        Assert.Equal("offset,where cannot be set with after and limit parameters", e.Message);
    }

    [Fact]
    public async Task Sort_and_offset_page_through_the_sorted_objects()
    {
        await using var db = await DatabaseAsync();
        var ascending = await db.Query.SearchAsync(new SearchQuery("Item") { Sort = [new SortField("n", false)], Offset = 2, Limit = 3 });
        Assert.Equal([17, 16, 15], Numbers(ascending));
        var byGroupThenN = await db.Query.SearchAsync(new SearchQuery("Item") { Sort = [new SortField("group", true), new SortField("n", true)], Limit = 3 });
        Assert.Equal([1, 3, 5], Numbers(byGroupThenN));
    }

    [Fact]
    public async Task A_filter_narrows_the_search_and_a_filter_on_id_fetches_one_object()
    {
        await using var db = await DatabaseAsync();
        var filtered = await db.Query.SearchAsync(new SearchQuery("Item")
        {
            Filter = Where("""{"operator":"And","operands":[{"path":["group"],"operator":"Equal","valueText":"b"},{"path":["n"],"operator":"LessThan","valueInt":8}]}"""),
            Limit = 10,
        });
        Assert.Equal([13, 15, 17, 19], Numbers(filtered));
        var byId = await db.Query.SearchAsync(new SearchQuery("Item") { Filter = Where($$"""{"path":["id"],"operator":"Equal","valueText":"{{Id(7)}}"}""") });
        var hit = Assert.Single(byId.Hits);
        Assert.Equal(13, hit.Object.Properties["n"]!.GetValue<int>());
        Assert.Null(hit.Object.Vector);
        Assert.Null(hit.Distance);
    }

    [Fact]
    public async Task The_tenant_scopes_the_search()
    {
        await using var db = await DatabaseAsync();
        Assert.Equal(new[] { 50 }, Numbers(await db.Query.SearchAsync(new SearchQuery("Item", "t1"))));
    }

    [Fact]
    public async Task Vectors_come_back_only_when_asked()
    {
        await using var db = await DatabaseAsync();
        var hit = (await db.Query.SearchAsync(new SearchQuery("Item") { Limit = 1, Offset = 5, IncludeVector = true })).Hits.Single();
        Assert.Equal([5f, 1f], hit.Object.Vector!);
    }

    [Fact]
    public async Task An_unknown_class_or_a_filter_that_does_not_fit_the_class_is_refused()
    {
        await using var db = await DatabaseAsync();
        var missing = await Assert.ThrowsAsync<NotFoundException>(() => db.Query.SearchAsync(new SearchQuery("Nothing")));
        Assert.Equal("could not find class Nothing in schema", missing.Message);
        var bad = await Assert.ThrowsAsync<InvalidFilterException>(() => db.Query.SearchAsync(new SearchQuery("Item")
        {
            Filter = Where("""{"path":["missing"],"operator":"Equal","valueInt":1}"""),
        }));
        Assert.Contains("missing", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scans_stream_the_class_and_tenant_in_id_order_with_the_filter_applied()
    {
        await using var db = await DatabaseAsync();
        var filter = Where("""{"path":["group"],"operator":"Equal","valueText":"a"}""");
        FilterValidator.Validate(filter, db.Schema.Find("Item")!, db.Schema.Find, out var validated);
        var vectors = await db.Store.ScanVectorsAsync(new ObjectScan("Item", null, validated)).ToListAsync();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => Id(i * 2)), vectors.Select(v => v.Id));
        Assert.Equal([4f, 1f], vectors[2].Vector);
        var objects = await db.Store.ScanObjectsAsync(new ObjectScan("Item", "t1")).ToListAsync();
        Assert.Equal([Id(50)], objects.Select(o => o.Id));
        var all = await db.Store.ScanObjectsAsync(new ObjectScan("Item", null)).ToListAsync();
        Assert.Equal(20, all.Count);
        Assert.All(all, o => Assert.Null(o.Vector));
        Assert.Empty(await db.Store.ScanVectorsAsync(new ObjectScan("Item", "t1")).ToListAsync());
    }
}
