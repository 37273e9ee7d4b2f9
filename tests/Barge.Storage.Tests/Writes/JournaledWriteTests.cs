using Barge.Core.Journal;
using Barge.Core.Storage;
using Barge.Storage.Tests.Backends;

namespace Barge.Storage.Tests.Writes;

public sealed class JournaledWriteTestsOnSqlite() : JournaledWriteTests(StoreBackend.Sqlite);

public sealed class JournaledWriteTestsOnPostgres() : JournaledWriteTests(StoreBackend.Postgres);

/// <summary>Writes of a journaled batch (<see cref="WriteOptions"/>): atomic rollback, and undo of what the batch created.</summary>
public abstract class JournaledWriteTests(StoreBackend backend) : ArticleStoreTests(backend)
{
    /// <summary>Options of batch <paramref name="batch"/>, whose completion records <paramref name="status"/> with every outcome counted.</summary>
    private static WriteOptions Batch(long batch, bool atomic, BatchStatus status) => new(batch, atomic, outcomes =>
        new JournalCompletion(batch, status, "", 0, outcomes.Count, outcomes.Count(o => o.Succeeded), outcomes.Count(o => !o.Succeeded), [], []));

    [Fact]
    public async Task An_atomic_batch_with_a_failed_command_leaves_nothing_written()
    {
        var store = (await OpenAsync()).Store;
        await store.WriteAsync([Put(A, """{"title":"kept"}""")]);

        var outcomes = await store.WriteAsync([Put(B, """{"title":"new"}"""), Put(A, """{"title":"dup"}""", PutMode.CreateOnly)], Batch(42, atomic: true, BatchStatus.Failed));

        Assert.Equal([WriteStatus.Ok, WriteStatus.AlreadyExists], outcomes.Select(o => o.Status));
        Assert.False(store.Exists("Article", B, null));
        Assert.Equal("kept", await TitleAsync(store, A));
    }

    [Fact]
    public async Task A_journaled_batch_tags_its_objects_and_undo_deletes_only_what_it_created()
    {
        var store = (await OpenAsync()).Store;
        await store.WriteAsync([Put(B, """{"title":"older"}""")]);
        await store.WriteAsync([Put(A, """{"title":"new"}"""), Put(B, """{"title":"replaced"}""")], Batch(7, atomic: false, BatchStatus.Success));

        var undo = await store.WriteAsync([new DeleteObject("Article", A, null, OnlyIfCreatedByBatch: 7), new DeleteObject("Article", B, null, OnlyIfCreatedByBatch: 7)]);

        Assert.Equal([WriteStatus.Ok, WriteStatus.Failed], undo.Select(o => o.Status));
        Assert.False(store.Exists("Article", A, null));
        Assert.True(store.Exists("Article", B, null));
    }
}
