using Barge.Core.Schema;
using Barge.Core.Storage;
using Barge.Storage.Tests.Backends;
using Barge.Storage.Tests.Writes;

namespace Barge.Storage.Tests.Postgres;

/// <summary>
/// The PostgreSQL store's own tables: which posting rows a write leaves, their background collection (idx_garbage),
/// and what a deleted class leaves behind. The contract tests see only the effects, through filters and counts.
/// </summary>
public sealed class PostgresIndexRowTests
{
    private const string A = "7c0c5a0e-3b8e-4f5e-9d0c-2f1a0b3c4d5e";
    private const string B = "0f9a4c1e-5d2b-4a8e-8c3f-6b7d1e2a9c40";
    private static readonly ClassDefinition Article = TestClasses.Article;

    /// <summary>Waits (up to 10 s) for the background collector to empty idx_garbage.</summary>
    private static async Task WaitForNoGarbageAsync(PostgresTestDatabase db)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await db.CountAsync("SELECT count(*) FROM idx_garbage") > 0 && DateTime.UtcNow < deadline) await Task.Delay(50);
    }

    [Fact]
    public async Task A_batch_writes_index_rows_only_for_the_versions_it_keeps()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await using var store = await db.OpenAsync(TestClasses.Lookup(Article));
        await store.SaveClassAsync(Article);

        await store.WriteAsync(
        [
            TestPuts.Put(Article, A, """{"title":"first"}""", PutMode.CreateOnly),
            TestPuts.Put(Article, A, """{"title":"alpha beta","words":2}"""),
            TestPuts.Put(Article, B, """{"title":"b"}"""),
        ]);

        // "first" was replaced within the batch, so it was never written: "alpha", "beta", "b" and the 2 only, each one
        // posting row of one seq.
        Assert.Equal(3, await db.CountAsync("SELECT count(*) FROM postings_text"));
        Assert.Equal(3, await db.CountAsync("SELECT count(*) FROM postings_text p, unnest(p.seqs) s"));
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM postings_num"));
    }

    [Fact]
    public async Task Index_rows_of_replaced_and_deleted_objects_are_collected_in_the_background()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await using var store = await db.OpenAsync(TestClasses.Lookup(Article));
        await store.SaveClassAsync(Article);
        await store.WriteAsync([TestPuts.Put(Article, A, """{"title":"alpha beta","words":2}"""), TestPuts.Put(Article, B, """{"title":"gone"}""")]);
        await store.WriteAsync([TestPuts.Put(Article, A, """{"title":"gamma"}"""), new DeleteObject("Article", B, null)]);

        await WaitForNoGarbageAsync(db);

        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM idx_garbage"));
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM postings_text")); // "gamma"
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM postings_num"));
    }

    [Fact]
    public async Task Index_garbage_collection_goes_on_after_a_failed_round()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        // The collector looks classes up; the first lookups after the arming throw, as a failing live schema might.
        var failing = 0;
        ClassDefinition? Lookup(string name) =>
            Interlocked.Decrement(ref failing) >= 0 ? throw new InvalidOperationException("lookup failure injected by the test") : TestClasses.Lookup(Article)(name);
        await using var store = await db.OpenAsync(Lookup);
        await store.SaveClassAsync(Article);
        await store.WriteAsync([TestPuts.Put(Article, A, """{"title":"alpha"}""")]);
        Interlocked.Exchange(ref failing, 2);
        await store.WriteAsync([new DeleteObject("Article", A, null)]);

        await WaitForNoGarbageAsync(db);

        Assert.True(Volatile.Read(ref failing) < 0, "the injected failures happened");
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM idx_garbage"));
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM postings_text"));
    }

    [Fact]
    public async Task Deleting_a_class_leaves_no_row_of_it_in_any_table()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await using var store = await db.OpenAsync(TestClasses.Lookup(TestClasses.Doc));
        await store.SaveClassAsync(TestClasses.Doc);
        await store.WriteAsync([TestPuts.Put(TestClasses.Doc, A, """{"n":1}""", vector: [1f])]);

        await store.DeleteClassAsync("Doc");

        foreach (var table in new[] { "objects", "postings_num", "idx_fields", "class_vectors" })
            Assert.Equal(0, await db.CountAsync($"SELECT count(*) FROM {table}"));
    }
}
