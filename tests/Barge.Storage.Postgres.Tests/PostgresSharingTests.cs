using Barge.Core.Schema;
using Barge.Core.Storage;

namespace Barge.Storage.Postgres.Tests;

/// <summary>Several nodes on one database, restarts, and start-up against a server that is not there.</summary>
public sealed class PostgresSharingTests
{
    private static readonly ClassDefinition Doc = new()
    {
        Name = "Doc",
        Properties = [new PropertyDefinition { Name = "n", DataTypeNames = ["int"] }],
    };

    [SkippableFact]
    public async Task Two_stores_writing_the_same_ids_at_once_lose_nothing_and_fail_nothing()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        db.Classes[Doc.Name] = Doc;
        var first = await db.OpenAsync();
        var second = await db.OpenAsync();
        await first.SaveClassAsync(Doc);
        var ids = Enumerable.Range(0, 200).Select(_ => Guid.NewGuid().ToString()).ToArray();

        async Task WriteAll(PostgresStore store, int node)
        {
            for (var round = 0; round < 10; round++)
            {
                // Each node writes every id, in its own order, with several batches in flight: collisions on every row.
                var order = node == 0 ? ids : ids.Reverse().ToArray();
                var batches = order.Chunk(50).Select(chunk => store.WriteAsync(
                    chunk.Select(id => db.Put("Doc", id, $$"""{"n":{{node * 1000 + round}}}""")).ToList<WriteCommand>()));
                foreach (var outcomes in await Task.WhenAll(batches)) Assert.All(outcomes, o => Assert.Equal(WriteStatus.Ok, o.Status));
            }
        }
        await Task.WhenAll(Task.Run(() => WriteAll(first, 0)), Task.Run(() => WriteAll(second, 1)));

        Assert.Equal(ids.Length, await db.CountAsync("SELECT count(*) FROM objects"));
        foreach (var id in ids) Assert.NotNull(await first.GetAsync("Doc", id, null));
        // One index row per object: every replaced version's rows are garbage, none is lost or doubled.
        Assert.Equal(ids.Length, await db.CountAsync("SELECT count(*) FROM idx_num i JOIN objects o ON o.seq = i.seq AND o.id = i.id"));
    }

    [SkippableFact]
    public async Task A_schema_change_through_one_store_reaches_the_other()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        var first = await db.OpenAsync();
        var second = await db.OpenAsync();
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        second.SchemaChanged += () => changed.TrySetResult();

        await first.SaveClassAsync(Doc);

        await changed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["Doc"], (await second.LoadClassesAsync()).Select(c => c.Name));
    }

    [SkippableFact]
    public async Task The_schema_lock_is_held_by_one_store_at_a_time()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        var first = await db.OpenAsync();
        var second = await db.OpenAsync();

        var held = await first.LockSchemaAsync();
        var waiting = second.LockSchemaAsync();
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);
        await held.DisposeAsync();
        await using var _ = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [SkippableFact]
    public async Task Classes_are_listed_in_creation_order_and_deleting_one_removes_its_objects()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        db.Classes[Doc.Name] = Doc;
        var store = await db.OpenAsync();
        var zebra = new ClassDefinition { Name = "Zebra" };
        await store.SaveClassAsync(zebra);
        await store.SaveClassAsync(Doc);
        await store.SaveClassAsync(new ClassDefinition { Name = "Zebra", Description = "changed" });
        var id = Guid.NewGuid().ToString();
        await store.WriteAsync([db.Put("Doc", id, """{"n":1}""", vector: [1f])]);

        var before = await store.LoadClassesAsync();
        await store.DeleteClassAsync("Doc");
        await store.DeleteClassAsync("Unknown");

        Assert.Equal(["Zebra", "Doc"], before.Select(c => c.Name));
        Assert.Equal("changed", before[0].Description);
        Assert.Equal(["Zebra"], (await store.LoadClassesAsync()).Select(c => c.Name));
        Assert.False(store.Exists("Doc", id, null));
        foreach (var table in new[] { "objects", "idx_num", "idx_fields", "class_vectors" })
            Assert.Equal(0, await db.CountAsync($"SELECT count(*) FROM {table}"));
        // The class can come back with another vector length.
        await store.SaveClassAsync(Doc);
        Assert.Equal(WriteStatus.Ok, (await store.WriteAsync([db.Put("Doc", id, """{"n":2}""", vector: [1f, 2f])]))[0].Status);
    }

    [SkippableFact]
    public async Task A_store_whose_connections_are_cut_writes_and_hears_schema_changes_again()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        db.Classes[Doc.Name] = Doc;
        var store = await db.OpenAsync();
        var other = await db.OpenAsync();
        await store.SaveClassAsync(Doc);
        await store.WriteAsync([db.Put("Doc", Guid.NewGuid().ToString(), "{}")]);
        var changes = 0;
        store.SchemaChanged += () => Interlocked.Increment(ref changes);
        await Task.Delay(200); // the notification of the save above has arrived
        var before = Volatile.Read(ref changes);

        await db.CutConnectionsAsync();
        var outcomes = await store.WriteAsync([db.Put("Doc", Guid.NewGuid().ToString(), "{}")]);
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

    [SkippableFact]
    public async Task A_reopened_store_keeps_its_data_and_does_not_migrate_again()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        db.Classes[Doc.Name] = Doc;
        var store = await db.OpenAsync();
        await store.SaveClassAsync(Doc);
        var id = Guid.NewGuid().ToString();
        await store.WriteAsync([db.Put("Doc", id, """{"n":1}""")]);
        await db.CloseAsync(store);

        var reopened = await db.OpenAsync();

        Assert.Equal(["Doc"], (await reopened.LoadClassesAsync()).Select(c => c.Name));
        Assert.Equal(1, (await reopened.GetAsync("Doc", id, null))!.Properties["n"]!.GetValue<long>());
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM barge_migrations"));
    }

    [SkippableFact]
    public async Task Two_stores_opening_a_new_schema_at_once_both_start()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => db.OpenAsync()));

        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM barge_migrations"));
    }

    [Fact]
    public async Task Opening_a_server_that_is_not_there_fails_after_the_startup_timeout_with_its_address()
    {
        // A port nobody listens on: bound and closed just before.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var options = new PostgresStoreOptions
        {
            ConnectionString = $"Host=127.0.0.1;Port={port};Username=nobody;Database=barge",
            ClassLookup = _ => null,
            StartupTimeout = TimeSpan.FromSeconds(1.5),
        };

        var started = DateTime.UtcNow;
        var ex = await Assert.ThrowsAsync<IOException>(() => PostgresStore.OpenAsync(options));

        Assert.Contains($"cannot reach PostgreSQL at 127.0.0.1:{port}/barge", ex.Message, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(1));
    }
}
