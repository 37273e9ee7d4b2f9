using Barge.Core.Schema;
using Barge.Storage.Sqlite;

namespace Barge.Storage.Tests.Sqlite;

/// <summary>
/// The SQLite compiler's leaves are answered from the posting rows' primary key: EXPLAIN QUERY PLAN of each statement of the
/// very command the store runs to find a filter's matches (<see cref="SqliteStore.FindMatchesCommand"/>), not of a copy.
/// </summary>
public sealed class SqliteQueryPlanTests
{
    private static readonly ClassDefinition Org = new() { Name = "Org", Properties = [Prop("city", "text")] };
    private static readonly ClassDefinition Author = new() { Name = "Author", Properties = [Prop("name", "text"), Prop("org", "Org")] };
    private static readonly ClassDefinition Article = new() { Name = "Article", Properties = [Prop("count", "int"), Prop("author", "Author")] };

    private static PropertyDefinition Prop(string name, string type) => new()
    {
        Name = name, DataTypeNames = [type], Tokenization = type == "text" ? "word" : null,
    };

    [Fact]
    public async Task Property_equal_uses_the_postings_primary_key_and_never_scans_objects()
    {
        var plans = await PlanAsync("""{"operator":"Equal","path":["count"],"valueInt":5}""");
        Assert.Equal(2, plans.Count); // the page of ids, then the count
        Assert.All(plans, plan =>
        {
            AssertObjectsReachedBySeq(plan);
            Assert.Contains(plan, row => row.StartsWith("SEARCH p USING PRIMARY KEY (part=? AND field=? AND v=?", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, row => row.StartsWith("SCAN o", StringComparison.Ordinal) || row.StartsWith("SCAN objects", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, row => row == "SCAN p" || row.StartsWith("SCAN p ", StringComparison.Ordinal) || row.StartsWith("SCAN postings", StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task Reference_filter_plan_does_not_scan_postings()
    {
        var plans = await PlanAsync("""{"operator":"Equal","path":["author","Author","name"],"valueText":"bob"}""");
        Assert.Equal(2, plans.Count);
        Assert.All(plans, plan =>
        {
            AssertObjectsReachedBySeq(plan);
            Assert.DoesNotContain(plan, row => row == "SCAN p" || row.StartsWith("SCAN p ", StringComparison.Ordinal) || row.StartsWith("SCAN postings", StringComparison.Ordinal));
        });
    }

    /// <summary>
    /// The filter's index lookups drive the query: the outer objects row is found by its seq (the rowid), never by
    /// walking the class index over every object of the class (what the store's unary '+' on class and tenant prevents).
    /// </summary>
    private static void AssertObjectsReachedBySeq(List<string> plan)
    {
        var outer = plan.Where(row => row.StartsWith("SEARCH o ", StringComparison.Ordinal) || row.StartsWith("SCAN o", StringComparison.Ordinal)).ToList();
        Assert.Equal(["SEARCH o USING INTEGER PRIMARY KEY (rowid=?)"], outer);
    }

    /// <summary>The plan (its detail column, row by row) of each statement of the store's find-matches command.</summary>
    private static async Task<List<List<string>>> PlanAsync(string whereJson)
    {
        await using var sqlite = await SqliteInside.OpenAsync(Article, Author, Org);
        using var cmd = SqliteStore.FindMatchesCommand(sqlite.Connection, "Article", null, sqlite.Db.Filter("Article", whereJson), 100);
        cmd.CommandText = Explained(cmd.CommandText);
        using var reader = cmd.ExecuteReader();
        var plans = new List<List<string>>();
        do
        {
            var rows = new List<string>();
            while (reader.Read()) rows.Add(reader.GetString(3));
            plans.Add(rows);
        } while (reader.NextResult());
        return plans;
    }

    /// <summary>Every statement of <paramref name="sql"/> (separated by <c>;</c>: values are parameters, never literals) under EXPLAIN QUERY PLAN.</summary>
    private static string Explained(string sql)
    {
        var statements = sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.All(statements, st => Assert.StartsWith("SELECT ", st, StringComparison.Ordinal));
        return string.Join("; ", statements.Select(st => "EXPLAIN QUERY PLAN " + st)) + ";";
    }
}
