using Barge.Core.Schema;
using Barge.Storage.Postgres;
using Barge.Storage.Tests.Backends;
using Barge.Storage.Tests.Filters;
using Npgsql;

namespace Barge.Storage.Tests.Postgres;

/// <summary>
/// The PostgreSQL compiler's leaves can be answered from the posting tables' primary keys. The test tables are tiny, so
/// sequential scans are switched off: the plan then shows whether an index path exists at all for the leaf shape
/// (a field id the planner cannot see as a constant, or a type mismatch, would leave it a scan). What is explained is
/// each statement of the very command the store runs to find a filter's matches
/// (<see cref="PostgresStore.FindMatchesCommand"/>, parameters bound as the store binds them), not a copy of its SQL.
/// </summary>
public sealed class PostgresQueryPlanTests
{
    private static PropertyDefinition Prop(string name, string type) => new()
    {
        Name = name, DataTypeNames = [type], Tokenization = type == "text" ? "field" : null,
    };

    private static readonly ClassDefinition Author = new() { Name = "Author", Properties = [Prop("name", "text")] };
    private static readonly ClassDefinition Article = new()
    {
        Name = "Article", Properties = [Prop("count", "int"), Prop("score", "number"), Prop("code", "text"), Prop("author", "Author")],
    };

    [Theory]
    [InlineData("""{"operator":"Equal","path":["count"],"valueInt":5}""", "postings_num_pkey")]
    [InlineData("""{"operator":"GreaterThan","path":["score"],"valueNumber":0.5}""", "postings_num_pkey")]
    [InlineData("""{"operator":"Like","path":["code"],"valueText":"X-*"}""", "postings_text_pkey")]
    [InlineData("""{"operator":"ContainsAny","path":["code"],"valueTextArray":["a","b"]}""", "postings_text_pkey")]
    [InlineData("""{"operator":"Equal","path":["author","Author","name"],"valueText":"bob"}""", "postings_text_pkey")]
    public async Task Property_leaves_use_the_index_primary_key_and_never_scan(string where, string index)
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var db = await FilterDatabase.OpenAsync(
            classes => OpenedStore.OpenAsync(async () => await database.OpenAsync(classes), () => ValueTask.CompletedTask), Article, Author);
        await db.InsertAsync("Author", "b1000000-0000-0000-0000-000000000000", """{"name":"bob"}""");
        await db.InsertAsync("Article", "a1000000-0000-0000-0000-000000000000",
            """{"count":5,"score":1,"code":"X-1","author":[{"beacon":"weaviate://localhost/Author/b1000000-0000-0000-0000-000000000000"}]}""");

        await using var c = new NpgsqlConnection(database.ConnectionString);
        await c.OpenAsync();
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off", c)) await off.ExecuteNonQueryAsync();
        await using var cmd = PostgresStore.FindMatchesCommand(c, "Article", null, db.Filter("Article", where), 100);
        var statements = cmd.CommandText.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, statements.Length); // the page of ids, then the count
        Assert.All(statements, st => Assert.StartsWith("SELECT ", st, StringComparison.Ordinal));
        cmd.CommandText = string.Join("; ", statements.Select(st => "EXPLAIN " + st)) + ";";
        var plans = new List<List<string>>();
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            do
            {
                var rows = new List<string>();
                while (await r.ReadAsync()) rows.Add(r.GetString(0));
                plans.Add(rows);
            } while (await r.NextResultAsync());
        }

        Assert.Equal(2, plans.Count);
        foreach (var plan in plans)
        {
            Assert.Contains(plan, row => row.Contains(index, StringComparison.Ordinal));
            Assert.DoesNotContain(plan, row => row.Contains("Seq Scan on objects", StringComparison.Ordinal) || row.Contains("Seq Scan on postings_", StringComparison.Ordinal));
        }
    }
}
