using Barge.Storage.Postgres;
using Barge.Storage.Tests.Backends;
using Barge.Storage.Tests.Filters;
using Barge.Storage.Tests.Writes;
using Npgsql;

namespace Barge.Storage.Tests.Postgres;

/// <summary>
/// A schema written before the posting lists (one idx_num / idx_text row per object and value) is migrated by 0004:
/// its objects are found by the same filters, and its seqs land in one posting row per (field, value, part).
/// </summary>
public sealed class PostgresPostingsMigrationTests
{
    private const int PartSize = 1 << Barge.Storage.Relational.PostingLists.SeqShift;

    private static string Id(long seq) => $"00000000-0000-4000-8000-{seq:D12}";

    [Fact]
    public async Task A_schema_from_before_the_posting_lists_is_migrated_and_its_objects_are_found()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        long[] seqs = [3, 5, PartSize + 1, 3 * PartSize + 2];
        await using (var old = new NpgsqlConnection(database.ConnectionString))
        {
            await old.OpenAsync();
            foreach (var version in new[] { "0001_initial", "0002_journal_keys", "0003_json_or_null" }) await ExecAsync(old, Migration(version));
            await ExecAsync(old, "CREATE TABLE barge_migrations(version integer PRIMARY KEY); INSERT INTO barge_migrations VALUES (1), (2), (3);" +
                                 "INSERT INTO idx_fields(class, prop) VALUES ('Article', 'title'), ('Article', 'words');");
            foreach (var seq in seqs)
            {
                await ExecAsync(old, $"INSERT INTO objects(seq, class, id, created, updated, properties) VALUES ({seq}, 'Article', '{Id(seq)}', 1, 1, '{{\"title\":\"old\",\"words\":{seq}}}');" +
                                     $"INSERT INTO idx_text(field, v, seq, id) SELECT id, 'old', {seq}, '{Id(seq)}' FROM idx_fields WHERE prop = 'title';" +
                                     $"INSERT INTO idx_num(field, v, seq, id) SELECT id, {seq}, {seq}, '{Id(seq)}' FROM idx_fields WHERE prop = 'words';");
            }
        }

        await using var db = await FilterDatabase.OpenAsync(
            classes => OpenedStore.OpenAsync(async () => await database.OpenAsync(classes), () => ValueTask.CompletedTask), TestClasses.Article);

        Assert.Equal(6, await database.CountAsync("SELECT count(*) FROM barge_migrations"));
        Assert.Equal(0, await database.CountAsync("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN ('idx_num', 'idx_text')"));
        // "old" in parts 0 (two seqs), 1 and 3: three rows, each of its part's seqs.
        Assert.Equal(3, await database.CountAsync("SELECT count(*) FROM postings_text"));
        Assert.Equal(0, await database.CountAsync($"SELECT count(*) FROM postings_text p, unnest(p.seqs) s WHERE s >> 13 <> p.first >> 13 OR s < p.first"));
        Assert.Equal(seqs.Select(Id), await db.IdsAsync("Article", """{"operator":"Equal","path":["title"],"valueText":"old"}"""));
        Assert.Equal([Id(PartSize + 1), Id(3 * PartSize + 2)], await db.IdsAsync("Article", """{"operator":"GreaterThan","path":["words"],"valueInt":5}"""));
    }

    private static string Migration(string name)
    {
        using var stream = typeof(PostgresStore).Assembly.GetManifestResourceStream($"Barge.Storage.Postgres.Migrations.{name}.sql")!;
        return new StreamReader(stream).ReadToEnd();
    }

    private static async Task ExecAsync(NpgsqlConnection c, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync();
    }
}
