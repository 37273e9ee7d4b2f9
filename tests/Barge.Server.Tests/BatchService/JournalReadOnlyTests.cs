using Barge.Server.Hosting;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.BatchService.JournalTestKit;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.BatchService;

/// <summary>
/// The admin list's read-only users read every batch (the journal page shows them) but cannot undo or delete one;
/// <c>/api/batch</c> tells a page what its key may do.
/// </summary>
public sealed class JournalReadOnlyTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() =>
        _server = await TestServer.StartAsync(o => o with
        {
            Auth = new AuthOptions
            {
                ApiKeyEnabled = true,
                ApiKeys = ["admin-key", "alice-key", "reader-key"],
                ApiKeyUsers = ["admin", "alice", "reader"],
                AdminListEnabled = true,
                AdminUsers = ["admin", "alice"],
                ReadOnlyUsers = ["reader"],
            },
        });

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Read_only_users_see_every_batch_and_change_none()
    {
        Assert.Equal(200, (await _server.PostAsync("/api/batch/v1?collection=Ro", VarBatch("alice-1", J("""{"_id":"a","v":1}""")), "alice-key")).Status);

        var list = await _server.GetAsync("/api/batch/v1", "reader-key");
        Assert.Equal(["alice-1"], list.Json.AsArray().Select(e => (string)e!["_id"]!).ToList());
        Assert.Equal(200, (await _server.GetAsync("/api/batch/v1/alice-1/objects", "reader-key")).Status);
        Assert.Equal(403, (await _server.PostAsync("/api/batch/v1/alice-1/undo?dryRun=true", null, "reader-key")).Status);
        Assert.Equal(403, (await _server.DeleteAsync("/api/batch/v1/alice-1", null, "reader-key")).Status);
        Assert.Equal(200, (await _server.GetAsync("/api/batch/v1/alice-1", "alice-key")).Status);
    }

    [Fact]
    public async Task The_info_says_who_the_key_is_and_whether_it_may_write()
    {
        var reader = (await _server.GetAsync("/api/batch", "reader-key")).Json["you"]!;
        Assert.Equal("reader", (string)reader["user"]!);
        Assert.False((bool)reader["canWrite"]!);
        var admin = (await _server.GetAsync("/api/batch", "admin-key")).Json["you"]!;
        Assert.True((bool)admin["canWrite"]!);
        Assert.True((bool)admin["admin"]!);
    }
}
