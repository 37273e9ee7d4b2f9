using Barge.Core.Schema;
using Barge.Storage.Sqlite.Filters;

namespace Barge.Storage.Tests.Sqlite;

/// <summary>The SQLite compiler's leaves are answered from idx's primary key (EXPLAIN QUERY PLAN of the store's query shape).</summary>
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
    public async Task Property_equal_uses_the_idx_primary_key_and_never_scans_objects()
    {
        var plan = await PlanAsync("""{"operator":"Equal","path":["count"],"valueInt":5}""");
        Assert.Contains(plan, row => row.Contains("idx", StringComparison.Ordinal) && row.Contains("PRIMARY KEY", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, row => row.StartsWith("SCAN o", StringComparison.Ordinal) || row.StartsWith("SCAN objects", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, row => row.StartsWith("SCAN idx", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reference_filter_plan_does_not_scan_idx()
    {
        var plan = await PlanAsync("""{"operator":"Equal","path":["author","Author","name"],"valueText":"bob"}""");
        Assert.DoesNotContain(plan, row => row.StartsWith("SCAN idx", StringComparison.Ordinal));
    }

    private static async Task<List<string>> PlanAsync(string whereJson)
    {
        await using var sqlite = await SqliteInside.OpenAsync(Article, Author, Org);
        using var cmd = sqlite.Connection.CreateCommand();
        var expr = SqliteFilterCompiler.Compile(sqlite.Db.Filter("Article", whereJson), cmd, "");
        cmd.CommandText = $"EXPLAIN QUERY PLAN SELECT o.id FROM objects o WHERE +o.class = $c AND +o.tenant = $t AND ({expr}) ORDER BY o.seq LIMIT 100";
        cmd.Parameters.AddWithValue("$c", "Article");
        cmd.Parameters.AddWithValue("$t", "");
        using var reader = cmd.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add(reader.GetString(3));
        return rows;
    }
}
