using System.Text.Json.Nodes;
using Barge.Core.Storage;
using Barge.Storage.Sqlite;
using Barge.Storage.Tests.Writes;
using Microsoft.Data.Sqlite;

namespace Barge.Storage.Tests.Sqlite;

/// <summary>
/// The posting rows are partitioned by seq (<see cref="IndexParts"/>): a store of more than two parts' worth of objects
/// must find, collect and drop rows in every part, and a database written before the partitioning and before the
/// posting lists must be migrated into them.
/// </summary>
public sealed class IndexPartsTests
{
    private const int PartSize = 1 << IndexParts.SeqShift;
    private const int Objects = 2 * PartSize + 3_000; // three parts: two full, one started
    private static readonly int[] Rare = [7, PartSize + 11, 2 * PartSize + 5]; // object numbers, one in each part

    private static string Id(long i) => $"00000000-0000-4000-8000-{i:D12}";

    private static string Title(int i) => (Rare.Contains(i) ? "rare " : "") + $"every n{i}";

    [Fact]
    public async Task Filters_find_objects_in_every_part_and_replaced_or_dropped_rows_are_removed_from_every_part()
    {
        await using var sqlite = await SqliteInside.OpenAsync(TestClasses.Article);
        var db = sqlite.Db;
        Assert.Empty(sqlite.Log); // a new database is created, not upgraded
        await WriteAsync(db.Store, Enumerable.Range(1, Objects));

        // The two complete parts are on disk, the third (started) is held in memory (IndexSegment) above the mark.
        Assert.Equal(2, sqlite.Scalar("SELECT count(DISTINCT part) FROM postings"));
        Assert.Equal(2 * PartSize - 1, sqlite.Scalar("SELECT flushed FROM index_state"));
        Assert.Equal(0, sqlite.Scalar($"SELECT count(*) FROM postings WHERE part <> first >> {IndexParts.SeqShift}"));
        Assert.Equal(0, sqlite.Scalar($"SELECT count(*) FROM postings p, json_each(p.seqs) j WHERE j.value < 0 OR j.value >= {PartSize}"));
        // One row per part for a word every object has: a part is written once, when the writer has moved past it.
        Assert.Equal(2, sqlite.Scalar("SELECT count(*) FROM postings WHERE v = 'every'"));

        // Equality, range and wildcard leaves each read all three parts, in seq order.
        Assert.Equal(Rare.Select(i => Id(i)), await db.IdsAsync("Article", """{"operator":"Equal","path":["title"],"valueText":"rare"}"""));
        var high = await db.MatchesAsync("Article", $$"""{"operator":"GreaterThanEqual","path":["words"],"valueInt":{{Objects - 2}}}""");
        Assert.Equal([Id(Objects - 2), Id(Objects - 1), Id(Objects)], high.Ids);
        Assert.Equal(Objects, (await db.MatchesAsync("Article", """{"operator":"Equal","path":["title"],"valueText":"every"}""")).TotalMatches);
        Assert.Equal([Id(PartSize + 11)], await db.IdsAsync("Article", $$"""{"operator":"Like","path":["title"],"valueText":"n{{PartSize + 11}}"}"""));
        var either = await db.IdsAsync("Article",
            $$"""{"operator":"Or","operands":[{"operator":"Equal","path":["words"],"valueInt":1},{"operator":"Equal","path":["words"],"valueInt":{{Objects}}}]}""");
        Assert.Equal([Id(1), Id(Objects)], either);

        // Replacing the rare objects moves them to the newest part; their old rows, in three parts, are collected.
        await WriteAsync(db.Store, Rare, title: _ => "common");
        Assert.Empty(await db.IdsAsync("Article", """{"operator":"Equal","path":["title"],"valueText":"rare"}"""));
        Assert.Equal(Rare.Select(i => Id(i)), await db.IdsAsync("Article", """{"operator":"Equal","path":["title"],"valueText":"common"}"""));
        // The garbage of the replaced object in the part held in memory waits until that part is written.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (sqlite.Scalar("SELECT count(*) FROM idx_garbage") > 1 && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal(0, sqlite.Scalar("SELECT count(*) FROM postings WHERE v = 'rare'"));
        // Collecting a key rewrites it as one row of its live seqs in each part.
        Assert.Equal(1, sqlite.Scalar($"SELECT count(*) FROM postings WHERE v = 'every' AND part = {IndexParts.Of(Rare[0])}"));
        Assert.Equal(PartSize - 1 - 1, sqlite.Scalar($"SELECT json_array_length(seqs) FROM postings WHERE v = 'every' AND part = {IndexParts.Of(Rare[0])}"));
        Assert.Equal(1, sqlite.Scalar("SELECT count(*) FROM idx_garbage"));
        Assert.Equal([Rare[2]], [sqlite.Scalar("SELECT seq FROM idx_garbage")]);

        await db.Store.DeleteClassAsync("Article");
        Assert.Equal(0, sqlite.Scalar("SELECT count(*) FROM postings"));
    }

    [Fact]
    public async Task A_database_from_before_the_partitioning_is_migrated_and_its_objects_are_found()
    {
        long[] seqs = [3, PartSize + 1, 3 * PartSize + 2];
        await using var sqlite = await SqliteInside.OpenAsync(old =>
        {
            foreach (var version in new[] { "0001_initial", "0002_journal", "0003_index_garbage", "0004_hat_links" })
                Exec(old, Migration(version));
            Exec(old, "PRAGMA user_version = 4; INSERT INTO idx_fields(id, class, prop) VALUES(1, 'Article', 'title');");
            foreach (var seq in seqs)
            {
                Exec(old, $"INSERT INTO objects(seq, class, id, created, updated, properties) VALUES({seq}, 'Article', '{Id(seq)}', 1, 1, '{{\"title\":\"old\"}}');" +
                          $"INSERT INTO idx(field, v, seq) VALUES(1, 'old', {seq});");
            }
        }, TestClasses.Article);

        Assert.Equal([$"Upgrading {sqlite.DatabasePath} from schema version 4 to 5; in a large store this takes a while.",
            $"Upgrading {sqlite.DatabasePath} from schema version 5 to 6; in a large store this takes a while.",
            $"Upgrading {sqlite.DatabasePath} from schema version 6 to 7; in a large store this takes a while.",
            $"Upgrading {sqlite.DatabasePath} from schema version 7 to 8; in a large store this takes a while.",
            $"Upgrading {sqlite.DatabasePath} from schema version 8 to 9; in a large store this takes a while.",
            $"Upgrading {sqlite.DatabasePath} from schema version 9 to 10; in a large store this takes a while.",
            $"Building the keyword index of {sqlite.DatabasePath}; in a large store this takes a while."], sqlite.Log);
        // The keyword index of the old objects is built on open: every object counts.
        Assert.Equal(seqs.Length, sqlite.Scalar("SELECT objects FROM keyword_totals WHERE class = 'Article' AND tenant = '' AND property = ''"));
        Assert.Equal(3 * PartSize + 2, sqlite.Scalar("SELECT flushed FROM index_state")); // every entry of the old store is on disk
        Assert.Equal(seqs.Select(Id), await sqlite.Db.IdsAsync("Article", """{"operator":"Equal","path":["title"],"valueText":"old"}"""));
        using var cmd = sqlite.Connection.CreateCommand();
        cmd.CommandText = "SELECT group_concat(part || ':' || seq, ' ') FROM (SELECT p.part, (p.part << 13) + j.value AS seq FROM postings p, json_each(p.seqs) j ORDER BY seq)";
        Assert.Equal($"0:3 1:{PartSize + 1} 3:{3 * PartSize + 2}", (string)cmd.ExecuteScalar()!);
    }

    /// <summary>Writes objects <paramref name="numbers"/> (id and <c>words</c> from the number) in batches of 1,000.</summary>
    private static async Task WriteAsync(IObjectStore store, IEnumerable<int> numbers, Func<int, string>? title = null)
    {
        foreach (var chunk in numbers.Chunk(1_000))
        {
            var commands = chunk.Select(WriteCommand (i) =>
                TestPuts.Put(TestClasses.Article, Id(i), new JsonObject { ["title"] = (title ?? Title)(i), ["words"] = i }.ToJsonString())).ToList();
            var outcomes = await store.WriteAsync(commands);
            Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Error));
        }
    }

    private static string Migration(string name)
    {
        using var stream = typeof(SqliteStore).Assembly.GetManifestResourceStream($"Barge.Storage.Sqlite.Migrations.{name}.sql")!;
        return new StreamReader(stream).ReadToEnd();
    }

    private static void Exec(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
