using Barge.Core.Journal;
using Barge.Core.Objects;
using Barge.Core.Schema;
using Barge.Core.Storage;

namespace Barge.Storage.Postgres.Tests;

/// <summary>The write commands through a real store, with the behaviour of the SQLite store.</summary>
public sealed class PostgresWriteTests
{
    private const string A = "7c0c5a0e-3b8e-4f5e-9d0c-2f1a0b3c4d5e";
    private const string B = "0f9a4c1e-5d2b-4a8e-8c3f-6b7d1e2a9c40";

    private static readonly ClassDefinition Article = new()
    {
        Name = "Article",
        Properties =
        [
            new PropertyDefinition { Name = "title", DataTypeNames = ["text"], Tokenization = "word" },
            new PropertyDefinition { Name = "words", DataTypeNames = ["int"] },
        ],
    };

    private static async Task<(PostgresTestDatabase Db, PostgresStore Store)> OpenAsync()
    {
        var db = await PostgresTestDatabase.CreateAsync();
        db.Classes[Article.Name] = Article;
        var store = await db.OpenAsync();
        await store.SaveClassAsync(Article);
        return (db, store);
    }

    [SkippableFact]
    public async Task Put_then_get_returns_the_object_as_written()
    {
        var (db, store) = await OpenAsync();
        await using var _ = db;
        var outcomes = await store.WriteAsync([db.Put("Article", A, """{"title":"alpha beta","words":2}""", vector: [1f, 2.5f])]);

        Assert.Equal(WriteStatus.Ok, Assert.Single(outcomes).Status);
        var got = await store.GetAsync("Article", A, null);
        Assert.NotNull(got);
        Assert.Equal(A, got.Id);
        Assert.Equal("""{"title":"alpha beta","words":2}""", got.Properties.ToJsonString());
        Assert.Equal([1f, 2.5f], got.Vector!);
        Assert.Equal(1000, got.CreationTimeUnix);
        Assert.True(store.Exists("Article", A, null));
        Assert.False(store.Exists("Article", B, null));
        Assert.False(store.Exists("Article", A, "tenant1"));
        Assert.Null(await store.GetAsync("Article", "not-a-uuid", null));
        Assert.Equal(["Article"], await store.FindClassesOfIdAsync(A, []));
        Assert.Equal(1, (await store.CountByClassAsync())["Article"]);
        Assert.Equal(3, await db.CountAsync("SELECT count(*) FROM idx_text") + await db.CountAsync("SELECT count(*) FROM idx_num"));
    }

    [SkippableFact]
    public async Task Upsert_replaces_create_only_refuses_and_replace_existing_keeps_the_creation_time()
    {
        var (db, store) = await OpenAsync();
        await using var _ = db;
        await store.WriteAsync([db.Put("Article", A, """{"title":"one"}""", time: 1000)]);

        var upsert = await store.WriteAsync([db.Put("Article", A, """{"title":"two"}""", time: 2000)]);
        var createOnly = await store.WriteAsync([db.Put("Article", A, """{"title":"three"}""", PutMode.CreateOnly, time: 3000)]);
        var replace = await store.WriteAsync([db.Put("Article", A, """{"title":"four"}""", PutMode.ReplaceExisting, time: 4000)]);
        var replaceMissing = await store.WriteAsync([db.Put("Article", B, """{"title":"five"}""", PutMode.ReplaceExisting)]);

        Assert.Equal(WriteStatus.Ok, upsert[0].Status);
        Assert.Equal(WriteStatus.AlreadyExists, createOnly[0].Status);
        Assert.Equal(WriteStatus.Ok, replace[0].Status);
        Assert.Equal(2000, replace[0].Object!.CreationTimeUnix);
        Assert.Equal(WriteStatus.NotFound, replaceMissing[0].Status);
        var got = await store.GetAsync("Article", A, null);
        Assert.Equal("four", got!.Properties["title"]!.GetValue<string>());
        Assert.Equal(2000, got.CreationTimeUnix);
        Assert.Equal(4000, got.LastUpdateTimeUnix);
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM objects"));
        Assert.False(store.Exists("Article", B, null));
    }

    [SkippableFact]
    public async Task Duplicate_ids_in_one_batch_behave_as_if_written_one_after_the_other()
    {
        var (db, store) = await OpenAsync();
        await using var _ = db;
        var outcomes = await store.WriteAsync(
        [
            db.Put("Article", A, """{"title":"first"}""", PutMode.CreateOnly, time: 1),
            db.Put("Article", A, """{"title":"second"}""", PutMode.CreateOnly, time: 2),
            db.Put("Article", A, """{"title":"third"}""", PutMode.ReplaceExisting, time: 3),
            db.Put("Article", B, """{"title":"b"}""", PutMode.Upsert, time: 4),
            db.Put("Article", A, """{"title":"last"}""", PutMode.Upsert, time: 5),
        ]);

        Assert.Equal([WriteStatus.Ok, WriteStatus.AlreadyExists, WriteStatus.Ok, WriteStatus.Ok, WriteStatus.Ok], outcomes.Select(o => o.Status));
        Assert.Equal(1, outcomes[2].Object!.CreationTimeUnix); // replace keeps the creation of the object written just before
        Assert.Equal("last", (await store.GetAsync("Article", A, null))!.Properties["title"]!.GetValue<string>());
        Assert.Equal(2, await db.CountAsync("SELECT count(*) FROM objects"));
        // The dropped versions were never written, so they left no index rows: "last" and "b" only.
        Assert.Equal(2, await db.CountAsync("SELECT count(*) FROM idx_text"));
    }

    [SkippableFact]
    public async Task Delete_removes_the_object_and_reports_a_missing_one()
    {
        var (db, store) = await OpenAsync();
        await using var _ = db;
        await store.WriteAsync([db.Put("Article", A, """{"title":"one"}""")]);

        var outcomes = await store.WriteAsync([new DeleteObject("Article", A, null), new DeleteObject("Article", A, null), new DeleteObject("Article", "nope", null)]);

        Assert.Equal([WriteStatus.Ok, WriteStatus.NotFound, WriteStatus.NotFound], outcomes.Select(o => o.Status));
        Assert.Null(await store.GetAsync("Article", A, null));
    }

    [SkippableFact]
    public async Task Put_then_delete_then_put_in_one_batch_sees_each_earlier_command()
    {
        var (db, store) = await OpenAsync();
        await using var _ = db;
        var outcomes = await store.WriteAsync(
        [
            db.Put("Article", A, """{"title":"one"}"""),
            new DeleteObject("Article", A, null),
            db.Put("Article", A, """{"title":"two"}""", PutMode.CreateOnly),
        ]);

        Assert.All(outcomes, o => Assert.Equal(WriteStatus.Ok, o.Status));
        Assert.Equal("two", (await store.GetAsync("Article", A, null))!.Properties["title"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task Modify_replaces_with_what_the_mutation_returns_and_creates_when_asked()
    {
        var (db, store) = await OpenAsync();
        await using var _ = db;
        await store.WriteAsync([db.Put("Article", A, """{"title":"one","words":1}""")]);
        ModifyResult AddWord(StoredObject current)
        {
            var props = current.Properties.DeepClone().AsObject();
            props["words"] = props["words"]!.GetValue<long>() + 1;
            var next = new StoredObject
            {
                Class = current.Class, Id = current.Id, Properties = props, CreationTimeUnix = current.CreationTimeUnix, LastUpdateTimeUnix = 5000,
            };
            return ModifyResult.Replace(next, Barge.Core.Indexing.IndexEntries.For(Article, props));
        }
        ModifyResult CreateB() => ModifyResult.Replace(db.Put("Article", B, """{"title":"made"}""").Object, []);

        var outcomes = await store.WriteAsync(
        [
            new ModifyObject("Article", A, null, AddWord),
            new ModifyObject("Article", A, null, AddWord),
            new ModifyObject("Article", B, null, AddWord),
            new ModifyObject("Article", B, null, AddWord, CreateB),
            new ModifyObject("Article", A, null, _ => ModifyResult.Fail("no")),
        ]);

        Assert.Equal([WriteStatus.Ok, WriteStatus.Ok, WriteStatus.NotFound, WriteStatus.Ok, WriteStatus.Failed], outcomes.Select(o => o.Status));
        Assert.Equal(3, (await store.GetAsync("Article", A, null))!.Properties["words"]!.GetValue<long>());
        Assert.Equal("made", (await store.GetAsync("Article", B, null))!.Properties["title"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task A_class_is_bound_to_the_length_of_its_first_vector()
    {
        var (db, store) = await OpenAsync();
        await using var _ = db;
        var outcomes = await store.WriteAsync(
        [
            db.Put("Article", A, "{}", vector: [1f, 2f, 3f]),
            db.Put("Article", B, "{}", vector: [1f, 2f]),
        ]);

        Assert.Equal(WriteStatus.Ok, outcomes[0].Status);
        Assert.Equal(WriteStatus.Failed, outcomes[1].Status);
        Assert.Equal("new node has a vector with length 2. Existing nodes have vectors with length 3", outcomes[1].Error);
        Assert.False(store.Exists("Article", B, null));
    }

    [SkippableFact]
    public async Task An_atomic_batch_with_a_failed_command_leaves_nothing_written()
    {
        var (db, store) = await OpenAsync();
        await using var _ = db;
        await store.WriteAsync([db.Put("Article", A, """{"title":"kept"}""")]);
        var options = new WriteOptions(42, Atomic: true, outcomes =>
            new JournalCompletion(42, BatchStatus.Failed, "", 0, outcomes.Count, 0, outcomes.Count, [], []));

        var outcomes = await store.WriteAsync(
            [db.Put("Article", B, """{"title":"new"}"""), db.Put("Article", A, """{"title":"dup"}""", PutMode.CreateOnly)], options);

        Assert.Equal([WriteStatus.Ok, WriteStatus.AlreadyExists], outcomes.Select(o => o.Status));
        Assert.False(store.Exists("Article", B, null));
        Assert.Equal("kept", (await store.GetAsync("Article", A, null))!.Properties["title"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task A_journaled_batch_tags_its_objects_and_undo_deletes_only_what_it_created()
    {
        var (db, store) = await OpenAsync();
        await using var _ = db;
        await store.WriteAsync([db.Put("Article", B, """{"title":"older"}""")]);
        var options = new WriteOptions(7, Atomic: false, outcomes =>
            new JournalCompletion(7, BatchStatus.Success, "", 0, outcomes.Count, outcomes.Count, 0, [], []));
        await store.WriteAsync([db.Put("Article", A, """{"title":"new"}"""), db.Put("Article", B, """{"title":"replaced"}""")], options);

        var undo = await store.WriteAsync([new DeleteObject("Article", A, null, OnlyIfCreatedByBatch: 7), new DeleteObject("Article", B, null, OnlyIfCreatedByBatch: 7)]);

        Assert.Equal([WriteStatus.Ok, WriteStatus.Failed], undo.Select(o => o.Status));
        Assert.False(store.Exists("Article", A, null));
        Assert.True(store.Exists("Article", B, null));
    }

    [SkippableFact]
    public async Task Index_rows_of_replaced_and_deleted_objects_are_collected_in_the_background()
    {
        var (db, store) = await OpenAsync();
        await using var _ = db;
        await store.WriteAsync([db.Put("Article", A, """{"title":"alpha beta","words":2}"""), db.Put("Article", B, """{"title":"gone"}""")]);
        await store.WriteAsync([db.Put("Article", A, """{"title":"gamma"}"""), new DeleteObject("Article", B, null)]);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await db.CountAsync("SELECT count(*) FROM idx_garbage") > 0 && DateTime.UtcNow < deadline) await Task.Delay(50);

        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM idx_garbage"));
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM idx_text")); // "gamma"
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM idx_num"));
    }

    [SkippableFact]
    public async Task Index_garbage_collection_goes_on_after_a_failed_round()
    {
        var (db, store) = await OpenAsync();
        await using var _ = db;
        await store.WriteAsync([db.Put("Article", A, """{"title":"alpha"}""")]);
        Interlocked.Exchange(ref db.FailingLookups, 2);
        await store.WriteAsync([new DeleteObject("Article", A, null)]);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await db.CountAsync("SELECT count(*) FROM idx_garbage") > 0 && DateTime.UtcNow < deadline) await Task.Delay(50);

        Assert.True(Volatile.Read(ref db.FailingLookups) < 0, "the injected failures happened");
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM idx_garbage"));
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM idx_text"));
    }

    [SkippableFact]
    public async Task Linked_records_are_found_until_unlinked()
    {
        var (db, store) = await OpenAsync();
        await using var _ = db;
        await store.WriteAsync([db.Put("Article", A, """{"title":"a"}"""), db.Put("Article", B, """{"title":"b"}""")]);

        var link = await store.WriteAsync([new Barge.Core.Hat.LinkRecords("g1", [new("Article", A), new("Article", B)])]);
        var missing = await store.WriteAsync([new Barge.Core.Hat.LinkRecords("g2", [new("Article", A), new("Article", Guid.NewGuid().ToString())])]);
        var linked = await store.FindLinkedAsync([A, B]);
        await store.WriteAsync([new Barge.Core.Hat.UnlinkRecords([B])]);

        Assert.Equal(WriteStatus.Ok, link[0].Status);
        Assert.Equal(WriteStatus.NotFound, missing[0].Status);
        Assert.Equal([(A, B), (B, A)], linked.Select(l => (l.RecordId, l.Linked.Id)));
        Assert.Empty(await store.FindLinkedAsync([A]));
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM hat_links"));
    }
}
