using Barge.Core.Schema;
using Barge.Core.Storage;
using Barge.Storage.Tests.Backends;
using Barge.Storage.Tests.Writes;

namespace Barge.Storage.Tests.Schema;

public sealed class ClassTestsOnSqlite() : ClassTests(StoreBackend.Sqlite);

public sealed class ClassTestsOnPostgres() : ClassTests(StoreBackend.Postgres);

/// <summary>Class definitions in the store (<see cref="IObjectStore.SaveClassAsync"/> and co.), and what a reopened store still has.</summary>
public abstract class ClassTests(StoreBackend backend) : IAsyncLifetime
{
    private static ClassDefinition Doc => TestClasses.Doc;

    private OpenedStore? _opened;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_opened is not null) await _opened.DisposeAsync();
    }

    private async Task<OpenedStore> OpenAsync() => _opened = await backend.OpenAsync(TestClasses.Lookup(Doc));

    [Fact]
    public async Task Classes_are_listed_in_creation_order_and_deleting_one_removes_its_objects()
    {
        var store = (await OpenAsync()).Store;
        await store.SaveClassAsync(new ClassDefinition { Name = "Zebra" });
        await store.SaveClassAsync(Doc);
        await store.SaveClassAsync(new ClassDefinition { Name = "Zebra", Description = "changed" });
        var id = Guid.NewGuid().ToString();
        await store.WriteAsync([TestPuts.Put(Doc, id, """{"n":1}""", vector: [1f])]);

        var before = await store.LoadClassesAsync();
        await store.DeleteClassAsync("Doc");
        await store.DeleteClassAsync("Unknown");

        Assert.Equal(["Zebra", "Doc"], before.Select(c => c.Name));
        Assert.Equal("changed", before[0].Description);
        Assert.Equal(["Zebra"], (await store.LoadClassesAsync()).Select(c => c.Name));
        Assert.False(store.Exists("Doc", id, null));
        Assert.Empty(await store.FindClassesOfIdAsync(id, []));
        Assert.False((await store.CountByClassAsync()).TryGetValue("Doc", out var left) && left > 0, "no object of the deleted class is counted");
        // The class can come back, empty, with another vector length.
        await store.SaveClassAsync(Doc);
        Assert.Null(await store.GetAsync("Doc", id, null));
        Assert.Equal(WriteStatus.Ok, (await store.WriteAsync([TestPuts.Put(Doc, id, """{"n":2}""", vector: [1f, 2f])]))[0].Status);
    }

    [Fact]
    public async Task A_reopened_store_keeps_its_classes_and_objects()
    {
        var opened = await OpenAsync();
        await opened.Store.SaveClassAsync(Doc);
        var id = Guid.NewGuid().ToString();
        await opened.Store.WriteAsync([TestPuts.Put(Doc, id, """{"n":1}""")]);

        await opened.ReopenAsync();

        Assert.Equal(["Doc"], (await opened.Store.LoadClassesAsync()).Select(c => c.Name));
        Assert.Equal(1, (await opened.Store.GetAsync("Doc", id, null))!.Properties["n"]!.GetValue<long>());
    }
}
