using Barge.Core.Schema;
using Barge.Storage.Postgres.Filters;
using Barge.Storage.Tests.Backends;
using Barge.Storage.Tests.Filters;
using Npgsql;

namespace Barge.Storage.Tests.Postgres;

/// <summary>
/// The PostgreSQL compiler's leaves can be answered from the index tables' primary keys. The test tables are tiny, so
/// sequential scans are switched off: the plan then shows whether an index path exists at all for the leaf shape
/// (a field id the planner cannot see as a constant, or a type mismatch, would leave it a scan).
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

    [SkippableTheory]
    [InlineData("""{"operator":"Equal","path":["count"],"valueInt":5}""", "idx_num_pkey")]
    [InlineData("""{"operator":"GreaterThan","path":["score"],"valueNumber":0.5}""", "idx_num_pkey")]
    [InlineData("""{"operator":"Like","path":["code"],"valueText":"X-*"}""", "idx_text_pkey")]
    [InlineData("""{"operator":"ContainsAny","path":["code"],"valueTextArray":["a","b"]}""", "idx_text_pkey")]
    [InlineData("""{"operator":"Equal","path":["author","Author","name"],"valueText":"bob"}""", "idx_text_pkey")]
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
        await using var cmd = c.CreateCommand();
        var expr = PostgresFilterCompiler.Compile(db.Filter("Article", where), cmd);
        cmd.CommandText = $"EXPLAIN SELECT o.id FROM objects o WHERE o.class = 'Article' AND o.tenant = '' AND ({expr}) ORDER BY o.seq LIMIT 100";
        var plan = new List<string>();
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) plan.Add(r.GetString(0));

        Assert.Contains(plan, row => row.Contains(index, StringComparison.Ordinal));
        Assert.DoesNotContain(plan, row => row.Contains("Seq Scan on objects", StringComparison.Ordinal) || row.Contains("Seq Scan on idx_", StringComparison.Ordinal));
    }
}
