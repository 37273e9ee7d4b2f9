using Barge.Core.Schema;
using Barge.Core.Storage;
using Barge.Storage.Postgres;
using Barge.Storage.Tests.Backends;
using Barge.Storage.Tests.Keyword;
using Barge.Storage.Tests.Writes;
using Npgsql;

namespace Barge.Storage.Tests.Postgres;

/// <summary>
/// PostgreSQL's keyword index where it differs from SQLite's: several nodes writing one class at once (the totals are
/// rows of changes, never a shared row), the garbage collector's rewrite of the posting rows, the folding of the
/// totals' rows, and the backfill of a schema written before migration 0005.
/// </summary>
public sealed class PostgresKeywordIndexTests
{
    private static readonly Func<string, ClassDefinition?> Classes = TestClasses.Lookup(KeywordExpectation.Note, TestClasses.Doc);

    [Fact]
    public async Task Two_nodes_writing_one_class_at_once_keep_the_totals_exact()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await using var first = await db.OpenAsync(Classes);
        await using var second = await db.OpenAsync(Classes);
        await first.SaveClassAsync(KeywordExpectation.Note);
        var planned = new KeywordExpectation();
        // Each node its own ids, and ids both nodes write (whichever commits last wins: checked against what is stored).
        var writes = new List<WriteCommand>[2];
        for (var node = 0; node < 2; node++)
        {
            writes[node] = [];
            for (var round = 0; round < 6; round++)
                for (var i = 0; i < 40; i++)
                {
                    var n = i < 10 ? i : 100 * (node + 1) + i;
                    writes[node].Add(round % 3 == 2 && i % 4 == 0 ? planned.Delete(n) : planned.Put(n, KeywordExpectation.Text(n * 7 + round + node)));
                }
        }

        await Task.WhenAll(new[] { first, second }.Select((store, node) => Task.Run(async () =>
        {
            foreach (var chunk in writes[node].Chunk(5)) await store.WriteAsync(chunk);
        })));

        var stored = await KnownAsync(first);
        await stored.AssertIndexAsync(first, "read on the first node");
        await stored.AssertIndexAsync(second, "read on the second node");
        await WaitForCollectionAsync(db);
        await stored.AssertIndexAsync(first, "after the garbage collection");
    }

    [Fact]
    public async Task The_collector_rewrites_the_posting_rows_without_the_dead_objects_and_the_totals_fold()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await using var store = await db.OpenAsync(Classes);
        await store.SaveClassAsync(KeywordExpectation.Note);
        var expected = new KeywordExpectation();
        // One object per write: more appends to the class's totals than the writer lets pile up before folding them.
        for (var i = 0; i < 150; i++) await store.WriteAsync([expected.Put(i, KeywordExpectation.Text(i))]);
        await store.WriteAsync([.. Enumerable.Range(0, 150).Where(i => i % 3 == 0).Select(expected.Delete)]);
        await store.WriteAsync([.. Enumerable.Range(0, 150).Where(i => i % 3 == 1).Select(i => expected.Put(i, "fox river"))]);

        await WaitForCollectionAsync(db);

        await expected.AssertIndexAsync(store, "collected");
        // With nothing left in the garbage table, the rows themselves hold only live objects: no row is left empty,
        // and the rows of one key in a part were merged into one.
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM keyword_postings WHERE length(postings) = 0"));
        Assert.True(await db.CountAsync("SELECT count(*) FROM keyword_totals WHERE property = ''") < 150 / 2, "the totals' rows were folded");
    }

    [Fact]
    public async Task A_schema_from_before_the_keyword_index_is_indexed_when_migrated()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var plain = new KeywordExpectation();
        var alpha = new KeywordExpectation("alpha");
        await using (var old = new NpgsqlConnection(database.ConnectionString))
        {
            await old.OpenAsync();
            foreach (var version in new[] { "0001_initial", "0002_journal_keys", "0003_json_or_null", "0004_postings" }) await ExecAsync(old, Migration(version));
            await ExecAsync(old, "CREATE TABLE barge_migrations(version integer PRIMARY KEY); INSERT INTO barge_migrations VALUES (1), (2), (3), (4);");
            await InsertClassAsync(old, KeywordExpectation.Note);
            await InsertClassAsync(old, TestClasses.Doc);
            for (var i = 0; i < 40; i++)
            {
                var (expectation, tenant) = i % 4 == 0 ? (alpha, "alpha") : (plain, "");
                var title = i % 10 == 5 ? null : KeywordExpectation.Text(i);
                expectation.Know(KeywordExpectation.Id(i), title);
                await ExecAsync(old, "INSERT INTO objects(seq, class, tenant, id, created, updated, properties) VALUES ($1, 'Note', $2, $3::uuid, 1, 1, $4)",
                    (long)i + 1, tenant, KeywordExpectation.Id(i), title is null ? $"{{\"n\":{i}}}" : $"{{\"title\":\"{title}\",\"n\":{i}}}");
            }
            await ExecAsync(old, "INSERT INTO objects(seq, class, id, created, updated, properties) VALUES (100, 'Doc', '00000000-0000-4000-8000-000000000100', 1, 1, '{\"n\":1}')");
            await ExecAsync(old, "SELECT setval('objects_seq', 100)");
        }

        await using var store = await database.OpenAsync(Classes);

        await plain.AssertIndexAsync(store, "backfilled");
        await alpha.AssertIndexAsync(store, "backfilled tenant");
        Assert.Equal(1, await database.CountAsync("SELECT sum(objects) FROM keyword_totals WHERE class = 'Doc' AND property = ''"));
        // The backfilled objects' keyword columns take them out of the totals when they go.
        await store.WriteAsync([plain.Delete(1), plain.Put(2, "fox"), alpha.Delete(4)]);
        await plain.AssertIndexAsync(store, "backfilled, then changed");
        await alpha.AssertIndexAsync(store, "backfilled tenant, then changed");
    }

    /// <summary>What the store holds now, as an expectation.</summary>
    private static async Task<KeywordExpectation> KnownAsync(IObjectStore store)
    {
        var known = new KeywordExpectation();
        var page = await store.ListAsync(new ListQuery(KeywordExpectation.Note.Name, null, 10_000, 0, null, []));
        foreach (var o in page.Objects) known.Know(o.Id, o.Properties["title"]?.GetValue<string>());
        return known;
    }

    /// <summary>Until the collector has emptied the garbage table (it runs in the background, on every node).</summary>
    private static async Task WaitForCollectionAsync(PostgresTestDatabase db)
    {
        for (var attempt = 0; attempt < 600 && await db.CountAsync("SELECT count(*) FROM idx_garbage") > 0; attempt++) await Task.Delay(100);
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM idx_garbage"));
    }

    private static Task InsertClassAsync(NpgsqlConnection c, ClassDefinition cls) =>
        ExecAsync(c, "INSERT INTO classes(name, definition) VALUES ($1, $2)", cls.Name, PersistedClassJson.Serialize(cls));

    private static string Migration(string name)
    {
        using var stream = typeof(PostgresStore).Assembly.GetManifestResourceStream($"Barge.Storage.Postgres.Migrations.{name}.sql")!;
        return new StreamReader(stream).ReadToEnd();
    }

    private static async Task ExecAsync(NpgsqlConnection c, string sql, params object[] parameters)
    {
        await using var cmd = new NpgsqlCommand(sql, c);
        foreach (var p in parameters) cmd.Parameters.AddWithValue(p);
        await cmd.ExecuteNonQueryAsync();
    }
}
