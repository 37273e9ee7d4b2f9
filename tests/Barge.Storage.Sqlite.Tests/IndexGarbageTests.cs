using Barge.Core.Schema;

namespace Barge.Storage.Sqlite.Tests;

/// <summary>
/// Index rows of replaced objects are removed in the background: queries are right at once (the old rows point at
/// a seq no object has), and the rows are gone soon after.
/// </summary>
public sealed class IndexGarbageTests
{
    private static readonly ClassDefinition Article = new()
    {
        Name = "Article",
        Properties = [new PropertyDefinition { Name = "title", DataTypeNames = ["text"], Tokenization = "word" }],
    };

    [Fact]
    public async Task Replaced_object_is_found_by_its_new_values_only_and_its_old_index_rows_are_collected()
    {
        using var db = new FilterDatabase(Article);
        const string id = "7c0c5a0e-3b8e-4f5e-9d0c-2f1a0b3c4d5e";
        db.Insert("Article", id, """{"title":"alpha beta"}""");
        var rowsBefore = IndexRowCount(db);
        db.Insert("Article", id, """{"title":"gamma"}""");

        Assert.Empty(db.Ids("Article", """{"operator":"Equal","path":["title"],"valueText":"alpha"}"""));
        Assert.Equal([id], db.Ids("Article", """{"operator":"Equal","path":["title"],"valueText":"gamma"}"""));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (GarbageCount(db) > 0 && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal(0, GarbageCount(db));
        Assert.Equal(1, IndexRowCount(db)); // only "gamma" is left of the 2 rows ("alpha", "beta") there were before
        Assert.Equal(2, rowsBefore);
    }

    private static long IndexRowCount(FilterDatabase db) => Scalar(db, "SELECT count(*) FROM idx");
    private static long GarbageCount(FilterDatabase db) => Scalar(db, "SELECT count(*) FROM idx_garbage");

    private static long Scalar(FilterDatabase db, string sql)
    {
        using var cmd = db.Connection.CreateCommand();
        cmd.CommandText = sql;
        return (long)cmd.ExecuteScalar()!;
    }
}
