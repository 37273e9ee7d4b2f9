using Barge.Core.Schema;
using Barge.Storage.Postgres;
using Barge.Storage.Tests.Backends;
using Barge.Storage.Tests.Filters;
using Barge.Storage.Tests.Writes;
using Npgsql;

namespace Barge.Storage.Tests.Postgres;

/// <summary>
/// A schema written while postings_num held every number as a double (before 0006) is migrated so that its integers
/// past 2^53 are exact: the rows that rounded them are computed again from their objects, and the filters that the
/// old rows answered wrongly (2^53 and 2^53 + 1 as one value) answer exactly.
/// </summary>
public sealed class PostgresExactIntegersMigrationTests
{
    private static string Id(long seq) => $"00000000-0000-4000-8000-{seq:D12}";

    [Fact]
    public async Task Integers_past_2_to_the_53_stored_as_doubles_are_exact_after_the_migration()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        // words per seq; seq 4 is an object since deleted whose garbage is not collected yet (in a list, not in objects).
        (long Seq, long Words)[] objects = [(1, 5), (2, 9007199254740992), (3, 9007199254740993), (5, 9223372036854775807)];
        await using (var old = new NpgsqlConnection(database.ConnectionString))
        {
            await old.OpenAsync();
            foreach (var version in new[] { "0001_initial", "0002_journal_keys", "0003_json_or_null", "0004_postings", "0005_keyword_index" })
                await ExecAsync(old, Migration(version));
            await ExecAsync(old, "CREATE TABLE barge_migrations(version integer PRIMARY KEY); INSERT INTO barge_migrations VALUES (1), (2), (3), (4), (5);" +
                                 "INSERT INTO idx_fields(class, prop) VALUES ('Article', 'words');");
            await using (var cls = new NpgsqlCommand("INSERT INTO classes(name, definition) VALUES ('Article', $1)", old))
            {
                cls.Parameters.AddWithValue(PersistedClassJson.Serialize(TestClasses.Article));
                await cls.ExecuteNonQueryAsync();
            }
            foreach (var (seq, words) in objects)
                await ExecAsync(old, $"INSERT INTO objects(seq, class, id, created, updated, properties) VALUES ({seq}, 'Article', '{Id(seq)}', 1, 1, '{{\"words\":{words}}}')");
            // As the old writer left them: one commit, one row per double, 2^53 and 2^53 + 1 in one list.
            await ExecAsync(old, "INSERT INTO postings_num(field, v, first, seqs) SELECT id, 5, 1, '{1}' FROM idx_fields;" +
                                 "INSERT INTO postings_num(field, v, first, seqs) SELECT id, 9007199254740992, 2, '{2,3,4}' FROM idx_fields;" +
                                 "INSERT INTO postings_num(field, v, first, seqs) SELECT id, 9223372036854775807, 5, '{5}' FROM idx_fields;");
        }

        await using var db = await FilterDatabase.OpenAsync(
            classes => OpenedStore.OpenAsync(async () => await database.OpenAsync(classes), () => ValueTask.CompletedTask), TestClasses.Article);

        Assert.Equal(1, await database.CountAsync("SELECT count(*) FROM barge_migrations WHERE version = 6"));
        Assert.Equal([Id(2)], await db.IdsAsync("Article", """{"operator":"Equal","path":["words"],"valueInt":9007199254740992}"""));
        Assert.Equal([Id(3)], await db.IdsAsync("Article", """{"operator":"Equal","path":["words"],"valueInt":9007199254740993}"""));
        Assert.Equal([Id(3), Id(5)], await db.IdsAsync("Article", """{"operator":"GreaterThan","path":["words"],"valueInt":9007199254740992}"""));
        Assert.Equal([Id(5)], await db.IdsAsync("Article", """{"operator":"Equal","path":["words"],"valueInt":9223372036854775807}"""));
        Assert.Equal([Id(1)], await db.IdsAsync("Article", """{"operator":"Equal","path":["words"],"valueInt":5}"""));
        // The dead seq is gone from the lists it was recomputed in; the row below 2^53 was left as it was.
        Assert.Equal(0, await database.CountAsync("SELECT count(*) FROM postings_num p, unnest(p.seqs) s WHERE s = 4"));
        Assert.Equal(1, await database.CountAsync("SELECT count(*) FROM postings_num WHERE v = 5 AND v_rest = 0 AND seqs = '{1}'"));
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
