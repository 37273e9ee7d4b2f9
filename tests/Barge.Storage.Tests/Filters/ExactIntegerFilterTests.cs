using System.Text.Json.Nodes;
using Barge.Core.Schema;
using Barge.Core.Storage;
using Barge.Storage.Tests.Backends;

namespace Barge.Storage.Tests.Filters;

public sealed class ExactIntegerFilterTestsOnSqlite() : ExactIntegerFilterTests(StoreBackend.Sqlite);

public sealed class ExactIntegerFilterTestsOnSqliteRows() : ExactIntegerFilterTests(StoreBackend.SqliteRows);

public sealed class ExactIntegerFilterTestsOnPostgres() : ExactIntegerFilterTests(StoreBackend.Postgres);

/// <summary>
/// Integers past 2^53, where doubles are more than one apart: an int property's filters compare them exactly on both
/// stores (2^53 and 2^53 + 1 are different values), per object and through the posting lists alone (a list query's
/// index-only path), and an int[] property's ContainsAny as well.
/// </summary>
public abstract class ExactIntegerFilterTests(StoreBackend backend) : IAsyncLifetime
{
    private const long TwoTo53 = 9007199254740992;

    private static readonly ClassDefinition Big = new()
    {
        Name = "Big",
        Properties =
        [
            new PropertyDefinition { Name = "n", DataTypeNames = ["int"] },
            new PropertyDefinition { Name = "ns", DataTypeNames = ["int[]"] },
        ],
    };

    /// <summary>Object d1 … d9: n, and ns = [n, n + 1] where that fits.</summary>
    private static readonly long[] Values =
    [
        TwoTo53 - 1, TwoTo53, TwoTo53 + 1, TwoTo53 + 2, long.MaxValue, long.MaxValue - 1, -TwoTo53 - 1, -TwoTo53, 5,
    ];

    private FilterDatabase? _db;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_db is not null) await _db.DisposeAsync();
    }

    private static string Id(int digit) => $"d{digit}000000-0000-0000-0000-000000000000";

    private async Task<FilterDatabase> DatabaseAsync()
    {
        if (_db is not null) return _db;
        _db = await FilterDatabase.OpenAsync(backend, Big);
        for (var i = 0; i < Values.Length; i++)
        {
            var n = Values[i];
            var props = new JsonObject { ["n"] = n, ["ns"] = new JsonArray(n, n == long.MaxValue ? n - 2 : n + 1) };
            await _db.InsertAsync("Big", Id(i + 1), props.ToJsonString());
        }
        return _db;
    }

    private static string Digits(IEnumerable<string> ids) => string.Join(",", ids.Select(id => id[1..2]).Order(StringComparer.Ordinal));

    private const string Max = "9223372036854775807";

    [Theory]
    [InlineData($$"""{"operator":"Equal","path":["n"],"valueInt":9007199254740993}""", "3")]
    [InlineData($$"""{"operator":"Equal","path":["n"],"valueInt":9007199254740992}""", "2")]
    [InlineData($$"""{"operator":"NotEqual","path":["n"],"valueInt":9007199254740992}""", "1,3,4,5,6,7,8,9")]
    [InlineData($$"""{"operator":"GreaterThan","path":["n"],"valueInt":9007199254740992}""", "3,4,5,6")]
    [InlineData($$"""{"operator":"GreaterThanEqual","path":["n"],"valueInt":9007199254740993}""", "3,4,5,6")]
    [InlineData($$"""{"operator":"LessThan","path":["n"],"valueInt":9007199254740993}""", "1,2,7,8,9")]
    [InlineData($$"""{"operator":"LessThanEqual","path":["n"],"valueInt":9007199254740991}""", "1,7,8,9")]
    [InlineData($$"""{"operator":"LessThan","path":["n"],"valueInt":-9007199254740992}""", "7")]
    [InlineData($$"""{"operator":"Equal","path":["n"],"valueInt":{{Max}}}""", "5")]
    [InlineData($$"""{"operator":"LessThan","path":["n"],"valueInt":{{Max}}}""", "1,2,3,4,6,7,8,9")]
    [InlineData($$"""{"operator":"GreaterThanEqual","path":["n"],"valueInt":9223372036854775806}""", "5,6")]
    [InlineData($$"""{"operator":"And","operands":[{"operator":"GreaterThan","path":["n"],"valueInt":9007199254740992},{"operator":"LessThan","path":["n"],"valueInt":9007199254740994}]}""", "3")]
    [InlineData($$"""{"operator":"ContainsAny","path":["n"],"valueIntArray":[9007199254740993,{{Max}}]}""", "3,5")]
    [InlineData($$"""{"operator":"ContainsAny","path":["ns"],"valueIntArray":[9007199254740994]}""", "3,4")]
    [InlineData($$"""{"operator":"ContainsAll","path":["ns"],"valueIntArray":[9007199254740993,9007199254740994]}""", "3")]
    [InlineData($$"""{"operator":"Equal","path":["ns"],"valueInt":9007199254740992}""", "1,2")]
    public async Task Integers_past_2_to_the_53_compare_exactly(string where, string expected)
    {
        var db = await DatabaseAsync();
        Assert.Equal(expected, Digits(await db.IdsAsync("Big", where)));
        // The same through a list query, which answers And/Or of index conditions from the posting lists alone.
        var page = await db.Store.ListAsync(new ListQuery("Big", null, 100, 0, null, [], db.Filter("Big", where)));
        Assert.Equal(expected, Digits(page.Objects.Select(o => o.Id)));
    }
}
