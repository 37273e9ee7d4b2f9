using Barge.Core.Schema;

namespace Barge.Storage.Tests.Sqlite;

/// <summary>
/// Index rows of replaced objects are removed in the background: queries are right at once (the old rows point at
/// a seq no object has), and the rows are gone soon after.
/// </summary>
public sealed class IndexGarbageTests
{
    private static readonly ClassDefinition Article = SqliteInside.TitleClass("Article");

    [Fact]
    public async Task Replaced_object_is_found_by_its_new_values_only_and_its_old_index_rows_are_collected()
    {
        await using var sqlite = await SqliteInside.OpenAsync(Article);
        var db = sqlite.Db;
        const string id = "7c0c5a0e-3b8e-4f5e-9d0c-2f1a0b3c4d5e";
        await db.InsertAsync("Article", id, """{"title":"alpha beta"}""");
        var rowsBefore = sqlite.Scalar("SELECT count(*) FROM postings");
        await db.InsertAsync("Article", id, """{"title":"gamma"}""");

        Assert.Empty(await db.IdsAsync("Article", """{"operator":"Equal","path":["title"],"valueText":"alpha"}"""));
        Assert.Equal([id], await db.IdsAsync("Article", """{"operator":"Equal","path":["title"],"valueText":"gamma"}"""));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (sqlite.Scalar("SELECT count(*) FROM idx_garbage") > 0 && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal(0, sqlite.Scalar("SELECT count(*) FROM idx_garbage"));
        Assert.Equal(1, sqlite.Scalar("SELECT count(*) FROM postings")); // only "gamma" is left of the 2 posting rows ("alpha", "beta") there were before
        Assert.Equal(2, rowsBefore);
    }
}
