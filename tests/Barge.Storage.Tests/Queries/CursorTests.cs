using Barge.Core.Filters;
using Barge.Core.Objects;
using Barge.Core.Query;
using Barge.Core.Schema;
using Barge.Core.Storage;
using Barge.Storage.Tests.Backends;
using static Barge.Storage.Tests.Queries.QueryDatabase;

namespace Barge.Storage.Tests.Queries;

public sealed class CursorTestsOnSqlite() : CursorTests(StoreBackend.Sqlite);

public sealed class CursorTestsOnPostgres() : CursorTests(StoreBackend.Postgres);

/// <summary>
/// Paging a whole class with the <c>after</c> cursor, as weaviate-client's iterator does: every object exactly once, in
/// id order, also when the ids were written in another order, past objects of another tenant, and with a filter
/// (the stores' listing takes one with a cursor, though Weaviate's cursor refuses it).
/// </summary>
public abstract class CursorTests(StoreBackend backend)
{
    private const int Count = 101;

    private static readonly ClassDefinition Item = new()
    {
        Name = "Item", Properties = [new PropertyDefinition { Name = "n", DataTypeNames = ["int"] }],
    };

    /// <summary>Ids written in a scrambled order (i * 37 mod 101 visits every number once), n the id's number.</summary>
    private async Task<QueryDatabase> DatabaseAsync()
    {
        var db = await OpenAsync(backend, null, Item);
        for (var i = 0; i < Count; i++)
        {
            var n = i * 37 % Count;
            await db.PutAsync("Item", Id(n), $$"""{"n":{{n}}}""", [n, 1]);
        }
        await db.PutAsync("Item", Id(500), """{"n":500}""", tenant: "t1");
        return db;
    }

    private static int Number(StoredObject o) => int.Parse(o.Id[^12..], System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Search_pages_with_after_visit_every_object_once_in_id_order()
    {
        await using var db = await DatabaseAsync();
        var seen = new List<int>();
        string? after = null;
        while (true)
        {
            var page = await db.Query.SearchAsync(new SearchQuery("Item") { Limit = 7, After = after });
            if (page.Hits.Count == 0) break;
            Assert.All(page.Hits, h => Assert.Null(h.Object.Vector)); // not asked for: not read
            seen.AddRange(page.Hits.Select(h => Number(h.Object)));
            after = page.Hits[^1].Object.Id;
        }
        Assert.Equal(Enumerable.Range(0, Count), seen);
    }

    [Fact]
    public async Task Store_pages_with_after_and_a_filter_visit_every_match_once_in_id_order_without_counting()
    {
        await using var db = await DatabaseAsync();
        var parsed = Where("""{"operator":"Or","operands":[{"path":["n"],"operator":"LessThan","valueInt":20},{"path":["n"],"operator":"GreaterThanEqual","valueInt":90}]}""");
        Assert.Null(FilterValidator.Validate(parsed, Item, db.Schema.Find, out var filter));
        var seen = new List<int>();
        string? after = null;
        while (true)
        {
            var query = new ListQuery("Item", null, 4, 0, after, [], filter) { CountTotal = false, WithVectors = true };
            var page = await db.Store.ListAsync(query);
            Assert.Null(page.TotalResults);
            if (page.Objects.Count == 0) break;
            Assert.All(page.Objects, o => Assert.NotNull(o.Vector));
            seen.AddRange(page.Objects.Select(Number));
            after = page.Objects[^1].Id;
        }
        Assert.Equal(Enumerable.Range(0, 20).Concat(Enumerable.Range(90, 11)), seen);

        // Counted, the total is every match, whatever the cursor.
        var counted = await db.Store.ListAsync(new ListQuery("Item", null, 4, 0, Id(95), [], filter));
        Assert.Equal([96, 97, 98, 99], counted.Objects.Select(Number));
        Assert.Equal(31, counted.TotalResults);
    }
}
