using Barge.Core.Hat;
using Barge.Core.Storage;
using Barge.Storage.Relational;
using Barge.Storage.Tests.Backends;

namespace Barge.Storage.Tests.Writes;

public sealed class LinkTestsOnSqlite() : LinkTests(StoreBackend.Sqlite);

public sealed class LinkTestsOnPostgres() : LinkTests(StoreBackend.Postgres);

/// <summary>HAT link groups: written by <see cref="LinkRecords"/> and <see cref="UnlinkRecords"/>, read through <see cref="IRecordLinkStore"/>.</summary>
public abstract class LinkTests(StoreBackend backend) : ArticleStoreTests(backend)
{
    [Fact]
    public async Task Linked_records_are_found_until_unlinked()
    {
        var opened = (await OpenAsync()).Opened;
        var (store, links) = (opened.Store, opened.Links);
        await store.WriteAsync([Put(A, """{"title":"a"}"""), Put(B, """{"title":"b"}""")]);

        var link = await store.WriteAsync([new LinkRecords("g1", [new("Article", A), new("Article", B)])]);
        var missing = await store.WriteAsync([new LinkRecords("g2", [new("Article", A), new("Article", Guid.NewGuid().ToString())])]);
        var linked = await links.FindLinkedAsync([A, B]);
        await store.WriteAsync([new UnlinkRecords([B])]);

        Assert.Equal(WriteStatus.Ok, link[0].Status);
        Assert.Equal(WriteStatus.NotFound, missing[0].Status);
        Assert.Equal([(A, B), (B, A)], linked.Select(l => (l.RecordId, l.Linked.Id)));
        // A group left with one record goes: nothing links A, nor B, any more.
        Assert.Empty(await links.FindLinkedAsync([A, B]));
    }
}
