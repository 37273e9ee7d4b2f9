using Barge.Core.Schema;
using Barge.Storage.Sqlite;

namespace Barge.Storage.Tests.Sqlite;

/// <summary>
/// The newest index part is held in memory (Barge.Storage.Relational.IndexSegment) and written once the writer has
/// moved past it: filters see an object as soon as its write returns, and a restart rebuilds the part from the
/// objects above the flushed mark.
/// </summary>
public sealed class IndexSegmentTests
{
    private const int PartSize = 1 << IndexParts.SeqShift;

    private static readonly ClassDefinition Article = new()
    {
        Name = "Article",
        Properties =
        [
            new PropertyDefinition { Name = "title", DataTypeNames = ["text"], Tokenization = "word" },
            new PropertyDefinition { Name = "count", DataTypeNames = ["int"] },
        ],
    };

    private const string Id1 = "00000000-0000-4000-8000-000000000001", Id2 = "00000000-0000-4000-8000-000000000002";

    [Fact]
    public async Task Objects_held_only_in_memory_are_found_after_a_restart()
    {
        await using var sqlite = await SqliteInside.OpenAsync(Article);
        var db = sqlite.Db;
        await db.InsertAsync("Article", Id1, """{"title":"alpha beta","count":5}""");
        await db.InsertAsync("Article", Id2, """{"title":"alphabet","count":7}""");
        Assert.Equal(0, sqlite.Scalar("SELECT count(*) FROM postings"));

        await db.Opened.ReopenAsync();

        Assert.Equal(0, sqlite.Scalar("SELECT flushed FROM index_state"));
        Assert.Equal([Id1], await db.IdsAsync("Article", """{"operator":"Equal","path":["title"],"valueText":"beta"}"""));
        Assert.Equal([Id2], await db.IdsAsync("Article", """{"operator":"GreaterThan","path":["count"],"valueInt":5}"""));
        Assert.Equal([Id1, Id2], await db.IdsAsync("Article", """{"operator":"Like","path":["title"],"valueText":"alpha*"}"""));
        Assert.Equal([Id2], await db.IdsAsync("Article", """{"operator":"NotEqual","path":["title"],"valueText":"beta"}"""));
    }

    [Fact]
    public async Task Every_written_object_is_found_after_each_batch_and_after_a_restart_across_a_written_part()
    {
        await using var sqlite = await SqliteInside.OpenAsync(Article);
        var db = sqlite.Db;
        const int Total = 10_000; // a part written, the next one started
        for (var written = 1_000; written <= Total; written += 1_000)
        {
            await sqlite.FillAsync("Article", 1_000, "filler");
            Assert.Equal(written, (await db.MatchesAsync("Article", """{"operator":"Equal","path":["title"],"valueText":"filler"}""")).TotalMatches);
        }
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (sqlite.Scalar("SELECT flushed FROM index_state") == 0 && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal(PartSize - 1, sqlite.Scalar("SELECT flushed FROM index_state"));
        Assert.Equal(1, sqlite.Scalar("SELECT count(*) FROM postings WHERE v = 'filler'"));

        await db.Opened.ReopenAsync();
        Assert.Equal(Total, (await db.MatchesAsync("Article", """{"operator":"Equal","path":["title"],"valueText":"filler"}""")).TotalMatches);
        Assert.Equal(Total, (await db.MatchesAsync("Article", """{"operator":"Like","path":["title"],"valueText":"fil*"}""")).TotalMatches);
    }
}
