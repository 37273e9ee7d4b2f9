using Barge.Core.Indexing;
using Barge.Core.Objects;
using Barge.Core.Storage;
using Barge.Storage.Tests.Backends;

namespace Barge.Storage.Tests.Writes;

public sealed class ModifyTestsOnSqlite() : ModifyTests(StoreBackend.Sqlite);

public sealed class ModifyTestsOnSqliteRows() : ModifyTests(StoreBackend.SqliteRows);

public sealed class ModifyTestsOnPostgres() : ModifyTests(StoreBackend.Postgres);

/// <summary>Read-modify-write inside the writer (<see cref="ModifyObject"/>): merges and reference changes go through it.</summary>
public abstract class ModifyTests(StoreBackend backend) : ArticleStoreTests(backend)
{
    private static ModifyResult AddWord(StoredObject current)
    {
        var props = current.Properties.DeepClone().AsObject();
        props["words"] = props["words"]!.GetValue<long>() + 1;
        var next = new StoredObject
        {
            Class = current.Class, Id = current.Id, Properties = props, CreationTimeUnix = current.CreationTimeUnix, LastUpdateTimeUnix = 5000,
        };
        return ModifyResult.Replace(next, IndexEntries.For(Article, props));
    }

    [Fact]
    public async Task Modify_replaces_with_what_the_mutation_returns_and_creates_when_asked()
    {
        var store = (await OpenAsync()).Store;
        await store.WriteAsync([Put(A, """{"title":"one","words":1}""")]);
        ModifyResult CreateB() => ModifyResult.Replace(Put(B, """{"title":"made"}""").Object, []);

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
        Assert.Equal("made", await TitleAsync(store, B));
    }
}
