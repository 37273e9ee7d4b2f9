using System.Text.Json.Nodes;
using Barge.Core.Schema;
using Barge.Storage.Tests.Backends;

namespace Barge.Storage.Tests.Filters;

public sealed class FilterEdgeCaseTestsOnSqlite() : FilterEdgeCaseTests(StoreBackend.Sqlite);

public sealed class FilterEdgeCaseTestsOnSqliteRows() : FilterEdgeCaseTests(StoreBackend.SqliteRows);

public sealed class FilterEdgeCaseTestsOnPostgres() : FilterEdgeCaseTests(StoreBackend.Postgres);

/// <summary>
/// Where the two stores' SQL could drift apart: characters that are wildcards or escapes in one SQL dialect but
/// literal in Weaviate's Like, byte-wise order of non-ASCII text, exact doubles, ids and timestamps as text.
/// </summary>
public abstract class FilterEdgeCaseTests(StoreBackend backend) : IAsyncLifetime
{
    private static readonly ClassDefinition Code = new()
    {
        Name = "Code",
        Properties =
        [
            new PropertyDefinition { Name = "code", DataTypeNames = ["text"], Tokenization = "field" },
            new PropertyDefinition { Name = "n", DataTypeNames = ["int"] },
            new PropertyDefinition { Name = "x", DataTypeNames = ["number"] },
            new PropertyDefinition { Name = "at", DataTypeNames = ["geoCoordinates"] },
        ],
        InvertedIndexConfig = new JsonObject { ["indexTimestamps"] = true },
    };

    /// <summary>c1 … c3 also have a location: across the antimeridian, near the north pole, Sydney.</summary>
    private static readonly (double Lat, double Lon)[] Places = [(0, -179.9), (89.9, 0), (-33.87, 151.21)];

    /// <summary>c1 … c9: code, n, x; created 1000 × the digit.</summary>
    private static readonly (string Code, long N, double X)[] Rows =
    [
        ("100%", 10, 0.1), ("100x", 20, 0.2), ("a_b", 30, 0.1 * 3), ("axb", 40, 0.3), (@"back\slash", 50, -0.0),
        ("backXslash", 60, 1e300), ("über", 70, -1e-300), ("ü", 80, 2.5), ("u", 9007199254740993, 3),
    ];

    private FilterDatabase? _db;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_db is not null) await _db.DisposeAsync();
    }

    private static string Id(int digit) => $"c{digit}000000-0000-0000-0000-000000000000";

    private async Task<List<string>> Ids(string where)
    {
        if (_db is null)
        {
            _db = await FilterDatabase.OpenAsync(backend, Code);
            for (var i = 0; i < Rows.Length; i++)
            {
                var props = new JsonObject { ["code"] = Rows[i].Code, ["n"] = Rows[i].N, ["x"] = Rows[i].X };
                if (i < Places.Length) props["at"] = new JsonObject { ["latitude"] = Places[i].Lat, ["longitude"] = Places[i].Lon };
                await _db.InsertAsync("Code", Id(i + 1), props.ToJsonString(), created: 1000 * (i + 1));
            }
        }
        return (await _db.IdsAsync("Code", where)).Select(id => id[1..2]).ToList();
    }

    [Theory]
    [InlineData("""{"operator":"Like","path":["code"],"valueText":"100%"}""", "1")]
    [InlineData("""{"operator":"Like","path":["code"],"valueText":"*%"}""", "1")]
    [InlineData("""{"operator":"Like","path":["code"],"valueText":"a_b"}""", "3")]
    [InlineData("""{"operator":"Like","path":["code"],"valueText":"back\\slash"}""", "5")]
    [InlineData("""{"operator":"Like","path":["code"],"valueText":"back?slash"}""", "5,6")]
    [InlineData("""{"operator":"Like","path":["code"],"valueText":"ü*"}""", "7,8")]
    [InlineData("""{"operator":"Like","path":["code"],"valueText":"?ber"}""", "7")]
    [InlineData("""{"operator":"Like","path":["code"],"valueText":"u*"}""", "9")]
    [InlineData("""{"operator":"Like","path":["code"],"valueText":"*"}""", "1,2,3,4,5,6,7,8,9")]
    [InlineData("""{"operator":"Equal","path":["code"],"valueText":"ü"}""", "8")]
    [InlineData("""{"operator":"GreaterThan","path":["code"],"valueText":"u"}""", "7,8")]
    [InlineData("""{"operator":"LessThan","path":["code"],"valueText":"B"}""", "1,2")]
    [InlineData("""{"operator":"ContainsAny","path":["n"],"valueIntArray":[10,30]}""", "1,3")]
    [InlineData("""{"operator":"GreaterThanEqual","path":["n"],"valueInt":85}""", "9")]
    [InlineData("""{"operator":"Equal","path":["x"],"valueNumber":0.3}""", "4")]
    [InlineData("""{"operator":"GreaterThan","path":["x"],"valueNumber":0.3}""", "3,6,8,9")]
    [InlineData("""{"operator":"LessThan","path":["x"],"valueNumber":0}""", "7")]
    [InlineData("""{"operator":"Equal","path":["x"],"valueNumber":0}""", "5")]
    [InlineData("""{"operator":"GreaterThan","path":["id"],"valueText":"c5000000-0000-0000-0000-000000000000"}""", "6,7,8,9")]
    [InlineData("""{"operator":"LessThanEqual","path":["id"],"valueText":"c2"}""", "1")]
    [InlineData("""{"operator":"Like","path":["id"],"valueText":"c?000000-*"}""", "1,2,3,4,5,6,7,8,9")]
    [InlineData("""{"operator":"Like","path":["id"],"valueText":"c3*"}""", "3")]
    [InlineData("""{"operator":"Equal","path":["id"],"valueText":"not-a-uuid"}""", "")]
    [InlineData("""{"operator":"Equal","path":["id"],"valueText":"c1000000000000000000000000000000"}""", "")]
    [InlineData("""{"operator":"Equal","path":["id"],"valueText":"{c1000000-0000-0000-0000-000000000000}"}""", "")]
    [InlineData("""{"operator":"GreaterThan","path":["id"],"valueText":"c8000000000000000000000000000000"}""", "9")]
    [InlineData("""{"operator":"ContainsAny","path":["id"],"valueTextArray":["not-a-uuid","c4000000-0000-0000-0000-000000000000"]}""", "4")]
    [InlineData("""{"operator":"Like","path":["_creationTimeUnix"],"valueText":"1*"}""", "1")]
    [InlineData("""{"operator":"Like","path":["_lastUpdateTimeUnix"],"valueText":"?000"}""", "1,2,3,4,5,6,7,8,9")]
    [InlineData("""{"operator":"GreaterThanEqual","path":["_lastUpdateTimeUnix"],"valueText":"8000"}""", "8,9")]
    [InlineData("""{"operator":"WithinGeoRange","path":["at"],"valueGeoRange":{"geoCoordinates":{"latitude":0,"longitude":179.9},"distance":{"max":25000}}}""", "1")]
    [InlineData("""{"operator":"WithinGeoRange","path":["at"],"valueGeoRange":{"geoCoordinates":{"latitude":0,"longitude":179.9},"distance":{"max":20000}}}""", "")]
    [InlineData("""{"operator":"WithinGeoRange","path":["at"],"valueGeoRange":{"geoCoordinates":{"latitude":89.9,"longitude":180},"distance":{"max":23000}}}""", "2")]
    [InlineData("""{"operator":"WithinGeoRange","path":["at"],"valueGeoRange":{"geoCoordinates":{"latitude":-33.87,"longitude":151.21},"distance":{"max":0}}}""", "3")]
    [InlineData("""{"operator":"WithinGeoRange","path":["at"],"valueGeoRange":{"geoCoordinates":{"latitude":0,"longitude":0},"distance":{"max":20100000}}}""", "1,2,3")]
    public async Task Matches_as_the_sqlite_store_does(string where, string expected) =>
        Assert.Equal(expected, string.Join(",", await Ids(where)));
}
