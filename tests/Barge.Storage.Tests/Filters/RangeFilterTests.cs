using Barge.Core.Schema;
using Barge.Storage.Tests.Backends;

namespace Barge.Storage.Tests.Filters;

public sealed class RangeFilterTestsOnSqlite() : RangeFilterTests(StoreBackend.Sqlite);

public sealed class RangeFilterTestsOnSqliteRows() : RangeFilterTests(StoreBackend.SqliteRows);

public sealed class RangeFilterTestsOnPostgres() : RangeFilterTests(StoreBackend.Postgres);

/// <summary>
/// An And of a lower and an upper bound on one property, which stores read as one range of the index: the same
/// answers as the two bounds apart, and on an array property (where different elements may meet the two bounds) the
/// bounds are still each met by any element.
/// </summary>
public abstract class RangeFilterTests(StoreBackend backend) : IAsyncLifetime
{
    private static PropertyDefinition Prop(string name, string type) => new() { Name = name, DataTypeNames = [type] };

    private static readonly ClassDefinition Reading = new()
    {
        Name = "Reading",
        Properties = [Prop("n", "int"), Prop("ns", "int[]"), Prop("x", "number"), Prop("when", "date"), Prop("whens", "date[]")],
    };

    private const string R1 = "c1000000-0000-0000-0000-000000000000", R2 = "c2000000-0000-0000-0000-000000000000", R3 = "c3000000-0000-0000-0000-000000000000";
    private FilterDatabase? _db;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_db is not null) await _db.DisposeAsync();
    }

    private async Task<FilterDatabase> DbAsync()
    {
        if (_db is not null) return _db;
        _db = await FilterDatabase.OpenAsync(backend, Reading);
        await _db.InsertAsync("Reading", R1, """{"n":1,"ns":[1,20],"x":0.5,"when":"2024-01-01T00:00:00Z","whens":["2020-01-01T00:00:00Z","2030-01-01T00:00:00Z"]}""");
        await _db.InsertAsync("Reading", R2, """{"n":5,"ns":[5],"x":5.5,"when":"2024-03-01T00:00:00Z","whens":["2024-03-01T00:00:00Z"]}""");
        await _db.InsertAsync("Reading", R3, """{"n":10,"ns":[10],"x":10,"when":"2024-06-01T00:00:00Z"}""");
        return _db;
    }

    private static string Clause(string op, string path, string value) => $$"""{"operator":"{{op}}","path":["{{path}}"],{{value}}}""";

    private static string And(params string[] operands) => $$"""{"operator":"And","operands":[{{string.Join(",", operands)}}]}""";

    public static TheoryData<string, string[]> Ranges => new()
    {
        { And(Clause("GreaterThanEqual", "n", "\"valueInt\":2"), Clause("LessThan", "n", "\"valueInt\":10")), [R2] },
        { And(Clause("LessThanEqual", "n", "\"valueInt\":10"), Clause("GreaterThan", "n", "\"valueInt\":1")), [R2, R3] },
        { And(Clause("GreaterThanEqual", "n", "\"valueInt\":1"), Clause("LessThanEqual", "n", "\"valueInt\":1")), [R1] },
        { And(Clause("GreaterThanEqual", "n", "\"valueInt\":6"), Clause("LessThan", "n", "\"valueInt\":4")), [] },
        // Two upper bounds: one joins the lower bound, the other stays an operand of its own.
        { And(Clause("GreaterThanEqual", "n", "\"valueInt\":2"), Clause("LessThan", "n", "\"valueInt\":10"), Clause("LessThanEqual", "n", "\"valueInt\":4")), [] },
        { And(Clause("GreaterThanEqual", "n", "\"valueInt\":2"), Clause("LessThan", "n", "\"valueInt\":10"), Clause("LessThanEqual", "n", "\"valueInt\":5")), [R2] },
        { And(Clause("GreaterThan", "x", "\"valueNumber\":0.5"), Clause("LessThan", "x", "\"valueNumber\":10")), [R2] },
        { And(Clause("GreaterThanEqual", "when", "\"valueDate\":\"2024-02-01T00:00:00Z\""), Clause("LessThan", "when", "\"valueDate\":\"2024-06-01T00:00:00Z\"")), [R2] },
        { $$"""{"operator":"Not","operands":[{{And(Clause("GreaterThanEqual", "n", "\"valueInt\":2"), Clause("LessThan", "n", "\"valueInt\":10"))}}]}""", [R1, R3] },
        // Arrays: 20 is at least 10 and 1 is below 5, so R1 matches although no one element lies between.
        { And(Clause("GreaterThanEqual", "ns", "\"valueInt\":10"), Clause("LessThan", "ns", "\"valueInt\":5")), [R1] },
        { And(Clause("GreaterThan", "whens", "\"valueDate\":\"2025-01-01T00:00:00Z\""), Clause("LessThan", "whens", "\"valueDate\":\"2021-01-01T00:00:00Z\"")), [R1] },
        // Bounds on different properties are not joined.
        { And(Clause("GreaterThanEqual", "n", "\"valueInt\":5"), Clause("LessThan", "x", "\"valueNumber\":6")), [R2] },
    };

    [Theory]
    [MemberData(nameof(Ranges))]
    public async Task Range_of_two_bounds_matches_as_the_bounds_apart(string where, string[] expected) =>
        Assert.Equal(expected, await (await DbAsync()).IdsAsync("Reading", where));
}
