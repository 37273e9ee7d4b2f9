using Barge.Core.Schema;
using Barge.Core.Storage;
using Barge.Storage.Postgres;
using Barge.Storage.Tests.Backends;
using Barge.Storage.Tests.Writes;

namespace Barge.Storage.Tests.Postgres;

/// <summary>
/// Several stores (nodes) on one database, which only PostgreSQL offers: concurrent writers, schema change
/// notifications (LISTEN/NOTIFY), the schema lock (an advisory lock), and connections cut under a store.
/// </summary>
public sealed class PostgresSharingTests
{
    private static readonly ClassDefinition Doc = TestClasses.Doc;

    [Fact]
    public async Task Two_stores_writing_the_same_ids_at_once_lose_nothing_and_fail_nothing()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await using var first = await db.OpenAsync(TestClasses.Lookup(Doc));
        await using var second = await db.OpenAsync(TestClasses.Lookup(Doc));
        await first.SaveClassAsync(Doc);
        var ids = Enumerable.Range(0, 200).Select(_ => Guid.NewGuid().ToString()).ToArray();

        async Task WriteAll(PostgresStore store, int node)
        {
            for (var round = 0; round < 10; round++)
            {
                // Each node writes every id, in its own order, with several batches in flight: collisions on every row.
                var order = node == 0 ? ids : ids.Reverse().ToArray();
                var batches = order.Chunk(50).Select(chunk => store.WriteAsync(
                    chunk.Select(id => TestPuts.Put(Doc, id, $$"""{"n":{{node * 1000 + round}}}""")).ToList<WriteCommand>()));
                foreach (var outcomes in await Task.WhenAll(batches)) Assert.All(outcomes, o => Assert.Equal(WriteStatus.Ok, o.Status));
            }
        }
        await Task.WhenAll(Task.Run(() => WriteAll(first, 0)), Task.Run(() => WriteAll(second, 1)));

        Assert.Equal(ids.Length, await db.CountAsync("SELECT count(*) FROM objects"));
        foreach (var id in ids) Assert.NotNull(await first.GetAsync("Doc", id, null));
        // Each live object's seq in one posting list: every replaced version's seqs are garbage, none is lost or doubled.
        Assert.Equal(ids.Length, await db.CountAsync("SELECT count(*) FROM postings_num p CROSS JOIN unnest(p.seqs) s JOIN objects o ON o.seq = s"));
    }

    [Fact]
    public async Task A_schema_change_through_one_store_reaches_the_other()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await using var first = await db.OpenAsync(TestClasses.Lookup());
        await using var second = await db.OpenAsync(TestClasses.Lookup());
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        second.SchemaChanged += () => changed.TrySetResult();

        await first.SaveClassAsync(Doc);

        await changed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["Doc"], (await second.LoadClassesAsync()).Select(c => c.Name));
    }

    [Fact]
    public async Task The_schema_lock_is_held_by_one_store_at_a_time()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await using var first = await db.OpenAsync(TestClasses.Lookup());
        await using var second = await db.OpenAsync(TestClasses.Lookup());

        var held = await first.LockSchemaAsync();
        var waiting = second.LockSchemaAsync();
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);
        await held.DisposeAsync();
        await using var _ = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_store_whose_connections_are_cut_writes_and_hears_schema_changes_again()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await using var store = await db.OpenAsync(TestClasses.Lookup(Doc));
        await using var other = await db.OpenAsync(TestClasses.Lookup(Doc));
        await store.SaveClassAsync(Doc);
        await store.WriteAsync([TestPuts.Put(Doc, Guid.NewGuid().ToString(), "{}")]);
        var changes = 0;
        store.SchemaChanged += () => Interlocked.Increment(ref changes);
        await Task.Delay(200); // the notification of the save above has arrived
        var before = Volatile.Read(ref changes);

        await db.CutConnectionsAsync();
        var outcomes = await store.WriteAsync([TestPuts.Put(Doc, Guid.NewGuid().ToString(), "{}")]);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Volatile.Read(ref changes) == before && DateTime.UtcNow < deadline) await Task.Delay(50);
        var afterReconnect = Volatile.Read(ref changes);
        await other.SaveClassAsync(new ClassDefinition { Name = "Later" });
        while (Volatile.Read(ref changes) == afterReconnect && DateTime.UtcNow < deadline) await Task.Delay(50);

        Assert.Equal(WriteStatus.Ok, Assert.Single(outcomes).Status);
        Assert.True(afterReconnect > before, "a reconnected listener reports a change it may have missed");
        Assert.True(Volatile.Read(ref changes) > afterReconnect, "notifications arrive again after the reconnection");
        Assert.Equal(2, (await store.CountByClassAsync())["Doc"]);
    }
}
