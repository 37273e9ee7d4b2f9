using System.Text.Json.Nodes;
using Barge.Core.Filters;
using Barge.Core.Indexing;
using Barge.Core.Objects;
using Barge.Core.Query;
using Barge.Core.Query.Aggregation;
using Barge.Core.Schema;
using Barge.Core.Storage;
using Barge.Storage.Tests.Backends;
using static Barge.Storage.Tests.Queries.QueryDatabase;

namespace Barge.Storage.Tests.Queries;

public sealed class IndexOnlyFilterTestsOnSqlite() : IndexOnlyFilterTests(StoreBackend.Sqlite);

public sealed class IndexOnlyFilterTestsOnSqliteRows() : IndexOnlyFilterTests(StoreBackend.SqliteRows);

public sealed class IndexOnlyFilterTestsOnPostgres() : IndexOnlyFilterTests(StoreBackend.Postgres);

/// <summary>
/// Counts and first pages of filters the posting lists answer alone, over enough objects that the matches span
/// several index parts (on disk and, on SQLite, in the in-memory segment), after deletes and replaces that leave dead
/// seqs in the lists, in a class without tenants and in one whose objects are in two tenants. Every answer is
/// checked against a model of the objects: the count, and the page in id order (ids not in insertion order) with and
/// without an offset, for a filter matching many objects (the id-index walk), few (the direct read), and enough that only a walk
/// to the end gives up for the direct read; and delete-by-query's matches, the first ones in insertion order with
/// their number.
/// </summary>
public abstract class IndexOnlyFilterTests(StoreBackend backend)
{
    private const int Objects = 20_000;

    private static readonly ClassDefinition Doc = Class("Doc");
    private static readonly ClassDefinition Multi = Class("Multi");

    private static ClassDefinition Class(string name) => new()
    {
        Name = name,
        Properties =
        [
            new PropertyDefinition { Name = "word", DataTypeNames = ["text"], Tokenization = "field" },
            new PropertyDefinition { Name = "n", DataTypeNames = ["int"] },
        ],
    };

    /// <summary>An id whose order has nothing to do with <paramref name="i"/> (multiplying by an odd number is a bijection).</summary>
    private static string ScrambledId(int i) => $"{unchecked((uint)i * 2654435761u):x8}-0000-4000-8000-{i:D12}";

    private static string Word(int i) => i % 5 == 0 ? "common" : i % 997 == 0 ? "rare" : "other";

    private sealed record Row(string Word, int N)
    {
        /// <summary>When the object was last written: its place in insertion order, which a replace moves to the end.</summary>
        public long Written { get; init; }
    }

    private long _writes;

    /// <summary>(tenant or "", id) to the object's properties, as the store should hold them.</summary>
    private readonly Dictionary<(string Tenant, string Id), Row> _doc = [];
    private readonly Dictionary<(string Tenant, string Id), Row> _multi = [];

    private async Task<QueryDatabase> DatabaseAsync()
    {
        var db = await OpenAsync(backend, null, Doc, Multi);
        await WriteAsync(db, Doc, _doc, Enumerable.Range(0, Objects).Select(i => ("", i, new Row(Word(i), i))));
        await WriteAsync(db, Multi, _multi, Enumerable.Range(0, 3_000).SelectMany(i => new[] { ("t1", i, new Row(Word(i), i)), ("t2", i, new Row(Word(i + 1), i)) }));
        // Deletes and replaces leave the old seqs in the posting lists (garbage) and give replaced objects new ones.
        foreach (var (model, cls) in new[] { (_doc, Doc), (_multi, Multi) })
        {
            var keys = model.Keys.ToList();
            var deletes = keys.Where(k => model[k].N % 15 == 0).ToList();
            Assert.All(await db.Store.WriteAsync(deletes.Select(k => (WriteCommand)new DeleteObject(cls.Name, k.Id, Tenant(k.Tenant))).ToList()), o => Assert.True(o.Succeeded, o.Error));
            foreach (var k in deletes) model.Remove(k);
            var replaces = model.Where(e => e.Value.N % 35 == 1 || e.Value.N % 7 == 3).Select(e => (e.Key.Tenant, e.Key.Id, e.Value)).ToList();
            await WriteAsync(db, cls, model, replaces.Select(r => (r.Tenant, -1, new Row(r.Value.Word == "common" ? "other" : "common", r.Value.N))), replaces.Select(r => r.Id).ToList());
        }
        return db;
    }

    private static string? Tenant(string tenant) => tenant.Length == 0 ? null : tenant;

    private async Task WriteAsync(QueryDatabase db, ClassDefinition cls, Dictionary<(string, string), Row> model,
        IEnumerable<(string Tenant, int I, Row Row)> rows, IReadOnlyList<string>? ids = null)
    {
        var commands = new List<WriteCommand>();
        var k = 0;
        foreach (var (tenant, i, row) in rows)
        {
            var id = ids is null ? ScrambledId(i) : ids[k++];
            var props = new JsonObject { ["word"] = row.Word, ["n"] = row.N };
            var o = new StoredObject { Class = cls.Name, Id = id, Tenant = Tenant(tenant), Properties = props, CreationTimeUnix = 1000, LastUpdateTimeUnix = 1000 };
            commands.Add(new PutObject(o, IndexEntries.For(cls, props), PutMode.Upsert));
            model[(tenant, id)] = row with { Written = ++_writes };
            if (commands.Count == 1_000) await FlushAsync();
        }
        await FlushAsync();

        async Task FlushAsync()
        {
            if (commands.Count == 0) return;
            Assert.All(await db.Store.WriteAsync(commands), o => Assert.True(o.Succeeded, o.Error));
            commands.Clear();
        }
    }

    private const string Common = """{"path":["word"],"operator":"Equal","valueText":"common"}""";
    private const string CommonInAWindow = """{"operator":"And","operands":[""" + Common +
        """,{"path":["n"],"operator":"GreaterThanEqual","valueInt":1000},{"path":["n"],"operator":"LessThan","valueInt":15000}]}""";
    /// <summary>
    /// Matches more objects than the direct read takes at once but too few for a walk to the end of the id index to
    /// stay within its budget: the last page's walk gives up and the direct read answers.
    /// </summary>
    private const string CommonInAShortWindow = """{"operator":"And","operands":[""" + Common +
        """,{"path":["n"],"operator":"LessThan","valueInt":7000}]}""";
    private const string RareOrSmall = """{"operator":"Or","operands":[{"path":["word"],"operator":"Equal","valueText":"rare"},{"path":["n"],"operator":"LessThan","valueInt":30}]}""";

    public static TheoryData<string> Filters => [Common, CommonInAWindow, CommonInAShortWindow, RareOrSmall];

    private static Func<Row, bool> Model(string filter) => filter switch
    {
        Common => r => r.Word == "common",
        CommonInAWindow => r => r.Word == "common" && r.N is >= 1000 and < 15000,
        CommonInAShortWindow => r => r.Word == "common" && r.N < 7000,
        _ => r => r.Word == "rare" || r.N < 30,
    };

    private async Task AssertAnswersAsync(QueryDatabase db, Dictionary<(string Tenant, string Id), Row> model, string cls, string tenant, string filter)
    {
        var expected = model.Where(e => e.Key.Tenant == tenant && Model(filter)(e.Value)).Select(e => e.Key.Id).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(expected);
        var count = await db.Query.AggregateAsync(new AggregateQuery(cls, Tenant(tenant)) { Filter = Where(filter) });
        Assert.Equal(expected.Count, count.Count);
        foreach (var (offset, limit) in new[] { (0, 100), (37, 50), (expected.Count - 3, 10) })
        {
            var page = await db.Query.SearchAsync(new SearchQuery(cls, Tenant(tenant)) { Filter = Where(filter), Offset = offset, Limit = limit });
            Assert.Equal(expected.Skip(offset).Take(limit), page.Hits.Select(h => h.Object.Id));
        }
        // Delete-by-query's matches: the first ones in insertion order, and how many there are.
        var inserted = model.Where(e => e.Key.Tenant == tenant && Model(filter)(e.Value)).OrderBy(e => e.Value.Written).Select(e => e.Key.Id).ToList();
        foreach (var limit in new[] { 0, 100, inserted.Count + 5 })
        {
            var matches = await db.Store.FindMatchesAsync(cls, Tenant(tenant), Validated(db, cls, filter), limit);
            Assert.Equal(inserted.Count, matches.TotalMatches);
            Assert.Equal(inserted.Take(limit), matches.Ids);
        }
    }

    /// <summary>The filter as the engine hands it to a store: validated against the class.</summary>
    private static FilterNode Validated(QueryDatabase db, string cls, string filter)
    {
        Assert.Null(FilterValidator.Validate(Where(filter), db.Schema.Find(cls)!, db.Schema.Find, out var validated));
        return validated;
    }

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Count_and_pages_in_id_order_match_the_live_objects_across_parts_and_the_segment(string filter)
    {
        await using var db = await DatabaseAsync();
        await AssertAnswersAsync(db, _doc, "Doc", "", filter);
    }

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Count_and_pages_keep_to_the_tenant_asked(string filter)
    {
        await using var db = await DatabaseAsync();
        await AssertAnswersAsync(db, _multi, "Multi", "t1", filter);
        await AssertAnswersAsync(db, _multi, "Multi", "t2", filter);
        Assert.Equal(0, (await db.Query.AggregateAsync(new AggregateQuery("Multi") { Filter = Where(filter) })).Count);
    }

    /// <summary>
    /// The class's matches are nearly all in the other tenant: the bitmap is large enough for the id-index walk, but
    /// the asked tenant's walk runs out of its budget (a few entries per match in the bitmap) long before it has met
    /// a page, and the page must still be every match of the tenant, in id order.
    /// </summary>
    [Fact]
    public async Task A_page_whose_tenant_holds_few_of_the_matches_is_complete()
    {
        var lopsided = Class("Lopsided");
        await using var db = await OpenAsync(backend, null, lopsided);
        var model = new Dictionary<(string Tenant, string Id), Row>();
        await WriteAsync(db, lopsided, model, Enumerable.Range(0, 12_000).Select(i => ("t1", i, new Row(i % 1_000 == 7 ? "common" : "other", i))));
        await WriteAsync(db, lopsided, model, Enumerable.Range(0, 1_500).Select(i => ("t2", i, new Row("common", i))));
        await AssertAnswersAsync(db, model, "Lopsided", "t1", Common);
        await AssertAnswersAsync(db, model, "Lopsided", "t2", Common);
    }
}
