using System.Text.Json.Nodes;
using Barge.Core.Objects;
using Barge.Core.Storage;
using Barge.Storage.Tests.Backends;

namespace Barge.Storage.Tests.Writes;

public sealed class PutTestsOnSqlite() : PutTests(StoreBackend.Sqlite);

public sealed class PutTestsOnSqliteRows() : PutTests(StoreBackend.SqliteRows);

public sealed class PutTestsOnPostgres() : PutTests(StoreBackend.Postgres);

/// <summary>Puts and deletes (<see cref="PutObject"/>, <see cref="DeleteObject"/>): the modes, and commands on one id within a batch.</summary>
public abstract class PutTests(StoreBackend backend) : ArticleStoreTests(backend)
{
    [Fact]
    public async Task Put_then_get_returns_the_object_as_written()
    {
        var db = await OpenAsync();
        var store = db.Store;
        var outcomes = await store.WriteAsync([Put(A, """{"title":"alpha beta","words":2}""", vector: [1f, 2.5f])]);

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
        // The index entries were written with the object: both words and the number find it.
        Assert.Equal([A], await WithTitleWordAsync(db, "alpha"));
        Assert.Equal([A], await WithTitleWordAsync(db, "beta"));
        Assert.Equal([A], await db.IdsAsync("Article", """{"operator":"Equal","path":["words"],"valueInt":2}"""));
    }

    [Fact]
    public async Task Locate_names_the_class_and_tenant_of_each_stored_id_asked_for()
    {
        var store = (await OpenAsync()).Store;
        var inTenant = new StoredObject { Class = "Article", Id = B, Tenant = "t1", Properties = new JsonObject { ["title"] = "t" }, CreationTimeUnix = 1000, LastUpdateTimeUnix = 1000 };
        await store.WriteAsync([Put(A, """{"title":"a"}"""), new PutObject(inTenant, [], PutMode.Upsert)]);

        // An id stored nowhere, one the store cannot hold and another spelling of a stored id all match nothing.
        var found = await store.LocateAsync([A, B, "0f9a4c1e-0000-4a8e-8c3f-6b7d1e2a9c40", "not-a-uuid", A.ToUpperInvariant()]);

        Assert.Equal([new ObjectLocation("Article", "t1", B), new ObjectLocation("Article", null, A)], found.OrderBy(l => l.Id, StringComparer.Ordinal));
        Assert.Empty(await store.LocateAsync([]));
    }

    [Fact]
    public async Task Upsert_replaces_create_only_refuses_and_replace_existing_keeps_the_creation_time()
    {
        var store = (await OpenAsync()).Store;
        await store.WriteAsync([Put(A, """{"title":"one"}""", time: 1000)]);

        var upsert = await store.WriteAsync([Put(A, """{"title":"two"}""", time: 2000)]);
        var createOnly = await store.WriteAsync([Put(A, """{"title":"three"}""", PutMode.CreateOnly, time: 3000)]);
        var replace = await store.WriteAsync([Put(A, """{"title":"four"}""", PutMode.ReplaceExisting, time: 4000)]);
        var replaceMissing = await store.WriteAsync([Put(B, """{"title":"five"}""", PutMode.ReplaceExisting)]);

        Assert.Equal(WriteStatus.Ok, upsert[0].Status);
        Assert.Equal(WriteStatus.AlreadyExists, createOnly[0].Status);
        Assert.Equal(WriteStatus.Ok, replace[0].Status);
        Assert.Equal(2000, replace[0].Object!.CreationTimeUnix);
        Assert.Equal(WriteStatus.NotFound, replaceMissing[0].Status);
        var got = await store.GetAsync("Article", A, null);
        Assert.Equal("four", got!.Properties["title"]!.GetValue<string>());
        Assert.Equal(2000, got.CreationTimeUnix);
        Assert.Equal(4000, got.LastUpdateTimeUnix);
        Assert.Equal(1, (await store.CountByClassAsync())["Article"]);
        Assert.False(store.Exists("Article", B, null));
    }

    [Fact]
    public async Task Duplicate_ids_in_one_batch_behave_as_if_written_one_after_the_other()
    {
        var db = await OpenAsync();
        var store = db.Store;
        var outcomes = await store.WriteAsync(
        [
            Put(A, """{"title":"first"}""", PutMode.CreateOnly, time: 1),
            Put(A, """{"title":"second"}""", PutMode.CreateOnly, time: 2),
            Put(A, """{"title":"third"}""", PutMode.ReplaceExisting, time: 3),
            Put(B, """{"title":"b"}""", PutMode.Upsert, time: 4),
            Put(A, """{"title":"last"}""", PutMode.Upsert, time: 5),
        ]);

        Assert.Equal([WriteStatus.Ok, WriteStatus.AlreadyExists, WriteStatus.Ok, WriteStatus.Ok, WriteStatus.Ok], outcomes.Select(o => o.Status));
        Assert.Equal(1, outcomes[2].Object!.CreationTimeUnix); // replace keeps the creation of the object written just before
        Assert.Equal("last", await TitleAsync(store, A));
        Assert.Equal(2, (await store.CountByClassAsync())["Article"]);
        // Only the last version of A is found: the earlier ones of the batch left nothing a filter could match.
        foreach (var dropped in new[] { "first", "second", "third" }) Assert.Empty(await WithTitleWordAsync(db, dropped));
        Assert.Equal([A], await WithTitleWordAsync(db, "last"));
        Assert.Equal([B], await WithTitleWordAsync(db, "b"));
    }

    [Fact]
    public async Task Delete_removes_the_object_and_reports_a_missing_one()
    {
        var store = (await OpenAsync()).Store;
        await store.WriteAsync([Put(A, """{"title":"one"}""")]);

        var outcomes = await store.WriteAsync([new DeleteObject("Article", A, null), new DeleteObject("Article", A, null), new DeleteObject("Article", "nope", null)]);

        Assert.Equal([WriteStatus.Ok, WriteStatus.NotFound, WriteStatus.NotFound], outcomes.Select(o => o.Status));
        Assert.Null(await store.GetAsync("Article", A, null));
    }

    [Fact]
    public async Task Put_then_delete_then_put_in_one_batch_sees_each_earlier_command()
    {
        var store = (await OpenAsync()).Store;
        var outcomes = await store.WriteAsync(
        [
            Put(A, """{"title":"one"}"""),
            new DeleteObject("Article", A, null),
            Put(A, """{"title":"two"}""", PutMode.CreateOnly),
        ]);

        Assert.All(outcomes, o => Assert.Equal(WriteStatus.Ok, o.Status));
        Assert.Equal("two", await TitleAsync(store, A));
    }

    [Fact]
    public async Task A_class_is_bound_to_the_length_of_its_first_vector()
    {
        var store = (await OpenAsync()).Store;
        var outcomes = await store.WriteAsync(
        [
            Put(A, "{}", vector: [1f, 2f, 3f]),
            Put(B, "{}", vector: [1f, 2f]),
        ]);

        Assert.Equal(WriteStatus.Ok, outcomes[0].Status);
        Assert.Equal(WriteStatus.Failed, outcomes[1].Status);
        Assert.Equal("new node has a vector with length 2. Existing nodes have vectors with length 3", outcomes[1].Error);
        Assert.False(store.Exists("Article", B, null));
    }
}
