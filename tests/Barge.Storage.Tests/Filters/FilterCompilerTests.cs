using System.Text.Json.Nodes;
using Barge.Core.Errors;
using Barge.Core.Schema;
using Barge.Storage.Tests.Backends;

namespace Barge.Storage.Tests.Filters;

public sealed class FilterCompilerTestsOnSqlite() : FilterCompilerTests(StoreBackend.Sqlite);

public sealed class FilterCompilerTestsOnSqliteRows() : FilterCompilerTests(StoreBackend.SqliteRows);

public sealed class FilterCompilerTestsOnPostgres() : FilterCompilerTests(StoreBackend.Postgres);

/// <summary>
/// Where filters as a store answers them (FindMatchesAsync), the same on every backend. The store is opened and
/// filled inside each test so that an unavailable backend skips the test instead of failing it.
/// </summary>
public abstract class FilterCompilerTests(StoreBackend backend) : IAsyncLifetime
{
    private static PropertyDefinition Prop(string name, string type, string? tokenization = null) => new()
    {
        Name = name, DataTypeNames = [type], Tokenization = tokenization ?? (type.StartsWith("text", StringComparison.Ordinal) ? "word" : null),
    };

    private static readonly ClassDefinition Article = new()
    {
        Name = "Article",
        Properties = [Prop("title", "text"), Prop("code", "text", "field"), Prop("tags", "text[]"), Prop("count", "int"), Prop("score", "number"),
            Prop("done", "boolean"), Prop("published", "date"), Prop("location", "geoCoordinates"), Prop("author", "Author")],
        InvertedIndexConfig = new JsonObject { ["indexTimestamps"] = true, ["indexNullState"] = true, ["indexPropertyLength"] = true },
    };
    private static readonly ClassDefinition Author = new() { Name = "Author", Properties = [Prop("name", "text"), Prop("org", "Org")] };
    private static readonly ClassDefinition Org = new() { Name = "Org", Properties = [Prop("city", "text")] };
    private static readonly ClassDefinition Plain = new() { Name = "Plain", Properties = [Prop("title", "text")] };

    private const string A1 = "a1000000-0000-0000-0000-000000000000", A2 = "a2000000-0000-0000-0000-000000000000", A3 = "a3000000-0000-0000-0000-000000000000";
    private FilterDatabase? _db;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_db is not null) await _db.DisposeAsync();
    }

    /// <summary>The filled store, opened on first use (inside the test, where a skip is allowed).</summary>
    private async Task<FilterDatabase> DbAsync()
    {
        if (_db is not null) return _db;
        _db = await FilterDatabase.OpenAsync(backend, Article, Author, Org, Plain);
        await _db.InsertAsync("Org", "01000000-0000-0000-0000-000000000000", """{"city":"Berlin"}""");
        await _db.InsertAsync("Org", "02000000-0000-0000-0000-000000000000", """{"city":"Paris"}""");
        await _db.InsertAsync("Author", "b1000000-0000-0000-0000-000000000000", """{"name":"Ann Lee","org":[{"beacon":"weaviate://localhost/Org/01000000-0000-0000-0000-000000000000"}]}""");
        await _db.InsertAsync("Author", "b2000000-0000-0000-0000-000000000000", """{"name":"Bob","org":[{"beacon":"weaviate://localhost/02000000-0000-0000-0000-000000000000"}]}""");
        await _db.InsertAsync("Article", A1, """
            {"title":"The quick brown fox","code":"X-1","tags":["red","blue"],"count":1,"score":1.5,"done":true,
             "published":"2024-01-01T00:00:00Z","location":{"latitude":52.52,"longitude":13.405},
             "author":[{"beacon":"weaviate://localhost/Author/b1000000-0000-0000-0000-000000000000"}]}
            """, created: 1000);
        await _db.InsertAsync("Article", A2, """
            {"title":"Lazy dog [draft]","code":"Y-2","tags":["green"],"count":5,"score":2,"done":false,
             "published":"2024-06-01T00:00:00+02:00","location":{"latitude":48.8566,"longitude":2.3522},
             "author":[{"beacon":"weaviate://localhost/b2000000-0000-0000-0000-000000000000"},{"beacon":"weaviate://localhost/Author/b1000000-0000-0000-0000-000000000000"}]}
            """, created: 2000);
        await _db.InsertAsync("Article", A3, """{"count":10}""", created: 3000);
        await _db.InsertAsync("Article", "a4000000-0000-0000-0000-000000000000", """{"title":"quick fox in another tenant"}""", tenant: "t1");
        return _db;
    }

    private async Task<List<string>> Ids(string where, string cls = "Article") => await (await DbAsync()).IdsAsync(cls, where);

    [Theory]
    [InlineData("""{"operator":"Equal","path":["title"],"valueText":"Quick FOX"}""", new[] { A1 })]
    [InlineData("""{"operator":"Equal","path":["title"],"valueText":"the fox"}""", new[] { A1 })]
    [InlineData("""{"operator":"NotEqual","path":["title"],"valueText":"fox"}""", new[] { A2, A3 })]
    [InlineData("""{"operator":"Equal","path":["code"],"valueText":"X-1"}""", new[] { A1 })]
    [InlineData("""{"operator":"Equal","path":["code"],"valueText":"x-1"}""", new string[0])]
    [InlineData("""{"operator":"Equal","path":["tags"],"valueText":"blue"}""", new[] { A1 })]
    [InlineData("""{"operator":"ContainsAny","path":["tags"],"valueTextArray":["blue","green"]}""", new[] { A1, A2 })]
    [InlineData("""{"operator":"ContainsAll","path":["tags"],"valueTextArray":["blue","red"]}""", new[] { A1 })]
    [InlineData("""{"operator":"ContainsNone","path":["tags"],"valueTextArray":["blue"]}""", new[] { A2, A3 })]
    [InlineData("""{"operator":"GreaterThan","path":["count"],"valueInt":1}""", new[] { A2, A3 })]
    [InlineData("""{"operator":"LessThanEqual","path":["score"],"valueNumber":2}""", new[] { A1, A2 })]
    [InlineData("""{"operator":"Equal","path":["score"],"valueNumber":2}""", new[] { A2 })]
    [InlineData("""{"operator":"Equal","path":["done"],"valueBoolean":false}""", new[] { A2 })]
    [InlineData("""{"operator":"GreaterThan","path":["published"],"valueDate":"2024-05-31T23:00:00Z"}""", new string[0])]
    [InlineData("""{"operator":"GreaterThanEqual","path":["published"],"valueDate":"2024-05-31T22:00:00Z"}""", new[] { A2 })]
    [InlineData("""{"operator":"Like","path":["title"],"valueText":"qu?ck"}""", new[] { A1 })]
    [InlineData("""{"operator":"Like","path":["title"],"valueText":"*o*"}""", new[] { A1, A2 })]
    [InlineData("""{"operator":"Like","path":["title"],"valueText":"[draft]"}""", new string[0])]
    [InlineData("""{"operator":"Like","path":["code"],"valueText":"Y-*"}""", new[] { A2 })]
    [InlineData("""{"operator":"Like","path":["id"],"valueText":"*"}""", new[] { A1, A2, A3 })]
    [InlineData("""{"operator":"Equal","path":["id"],"valueText":"A2000000-0000-0000-0000-000000000000"}""", new[] { A2 })]
    [InlineData("""{"operator":"LessThan","path":["_creationTimeUnix"],"valueText":"2500"}""", new[] { A1, A2 })]
    [InlineData("""{"operator":"IsNull","path":["title"],"valueBoolean":true}""", new[] { A3 })]
    [InlineData("""{"operator":"IsNull","path":["title"],"valueBoolean":false}""", new[] { A1, A2 })]
    [InlineData("""{"operator":"Equal","path":["len(tags)"],"valueInt":0}""", new[] { A3 })]
    [InlineData("""{"operator":"GreaterThan","path":["len(title)"],"valueInt":16}""", new[] { A1 })]
    [InlineData("""{"operator":"Equal","path":["author"],"valueInt":2}""", new[] { A2 })]
    [InlineData("""{"operator":"Equal","path":["author","Author","name"],"valueText":"bob"}""", new[] { A2 })]
    [InlineData("""{"operator":"Equal","path":["author","Author","name"],"valueText":"ann"}""", new[] { A1, A2 })]
    [InlineData("""{"operator":"Equal","path":["author","Author","org","Org","city"],"valueText":"Paris"}""", new[] { A2 })]
    [InlineData("""{"operator":"WithinGeoRange","path":["location"],"valueGeoRange":{"geoCoordinates":{"latitude":52.5,"longitude":13.4},"distance":{"max":5000}}}""", new[] { A1 })]
    [InlineData("""{"operator":"WithinGeoRange","path":["location"],"valueGeoRange":{"geoCoordinates":{"latitude":52.5,"longitude":13.4},"distance":{"max":900000}}}""", new[] { A1, A2 })]
    [InlineData("""{"operator":"And","operands":[{"operator":"GreaterThan","path":["count"],"valueInt":0},{"operator":"Not","operands":[{"operator":"Equal","path":["done"],"valueBoolean":true}]}]}""", new[] { A2, A3 })]
    [InlineData("""{"operator":"Or","operands":[{"operator":"Equal","path":["count"],"valueInt":10},{"operator":"Equal","path":["code"],"valueText":"X-1"}]}""", new[] { A1, A3 })]
    public async Task Matches_expected_objects_in_insertion_order(string where, string[] expected) => Assert.Equal(expected, await Ids(where));

    [Fact]
    public async Task Tenants_are_separated() =>
        Assert.Equal(["a4000000-0000-0000-0000-000000000000"], await (await DbAsync()).IdsAsync("Article", """{"operator":"Equal","path":["title"],"valueText":"fox"}""", "t1"));

    [Fact]
    public async Task Search_time_errors_surface_as_store_exceptions()
    {
        var db = await DbAsync();
        var e = await Assert.ThrowsAsync<StoreException>(() => Ids("""{"operator":"Equal","path":["title"],"valueText":"the"}"""));
        Assert.StartsWith("invalid search term, only stopwords provided", e.Message);
        e = await Assert.ThrowsAsync<StoreException>(() => db.IdsAsync("Plain", """{"operator":"Like","path":["_creationTimeUnix"],"valueText":"*"}"""));
        Assert.Equal("Timestamps must be indexed to be filterable! Add `IndexTimestamps: true` to the InvertedIndexConfig in Plain", e.Message);
    }

    [Fact]
    public async Task Total_counts_every_match_beyond_the_limit()
    {
        var result = await (await DbAsync()).MatchesAsync("Article", """{"operator":"GreaterThan","path":["count"],"valueInt":0}""", limit: 2);
        Assert.Equal([A1, A2], result.Ids);
        Assert.Equal(3, result.TotalMatches);
    }
}
