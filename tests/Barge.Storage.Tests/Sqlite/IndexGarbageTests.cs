using Barge.Core.Schema;
using Barge.Storage.Sqlite;

namespace Barge.Storage.Tests.Sqlite;

/// <summary>
/// Index rows of replaced objects are removed in the background: queries are right at once (the old rows point at
/// a seq no object has), and the rows are gone soon after. An object whose entries are still only in the in-memory
/// segment keeps its garbage queued until its part is written, so the rows written then are collected too.
/// </summary>
public sealed class IndexGarbageTests
{
    private const int PartSize = 1 << IndexParts.SeqShift;
    private static readonly ClassDefinition Article = SqliteInside.TitleClass("Article");

    [Fact]
    public async Task Replaced_object_is_found_by_its_new_values_only_and_its_old_index_rows_are_collected()
    {
        await using var sqlite = await SqliteInside.OpenAsync(Article);
        var db = sqlite.Db;
        const string id = "7c0c5a0e-3b8e-4f5e-9d0c-2f1a0b3c4d5e";
        await db.InsertAsync("Article", id, """{"title":"alpha beta"}""");
        await db.InsertAsync("Article", id, """{"title":"gamma"}""");

        Assert.Empty(await db.IdsAsync("Article", """{"operator":"Equal","path":["title"],"valueText":"alpha"}"""));
        Assert.Equal([id], await db.IdsAsync("Article", """{"operator":"Equal","path":["title"],"valueText":"gamma"}"""));
        // Both versions' entries are in memory: nothing on disk, and the garbage waits for the part to be written.
        await Task.Delay(1_200); // more than the collector's idle round
        Assert.Equal(0, sqlite.Scalar("SELECT count(*) FROM postings"));
        Assert.Equal(1, sqlite.Scalar("SELECT count(*) FROM idx_garbage"));

        // Filling the part (the writer moves past it) writes it, dead seq included, then the collector removes that seq.
        await sqlite.FillAsync("Article", PartSize, "filler");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (sqlite.Scalar("SELECT count(*) FROM idx_garbage") > 0 && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal(PartSize - 1, sqlite.Scalar("SELECT flushed FROM index_state"));
        Assert.Equal(0, sqlite.Scalar("SELECT count(*) FROM idx_garbage"));
        Assert.Equal(0, sqlite.Scalar("SELECT count(*) FROM postings WHERE v IN ('alpha', 'beta')"));
        Assert.Equal(1, sqlite.Scalar("SELECT count(*) FROM postings WHERE v = 'gamma'"));
        Assert.Equal([id], await db.IdsAsync("Article", """{"operator":"Equal","path":["title"],"valueText":"gamma"}"""));
        Assert.Empty(await db.IdsAsync("Article", """{"operator":"Equal","path":["title"],"valueText":"alpha"}"""));
    }
}
