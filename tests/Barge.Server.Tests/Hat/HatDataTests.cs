using Barge.Server.Tests.Support;
using static Barge.Server.Tests.Hat.HatKit;

namespace Barge.Server.Tests.Hat;

/// <summary><c>GET|POST /api/v2.6/data/{ns}/{ep}</c>, <c>DELETE /api/v2.6/data</c> and <c>POST /api/v2.6/data-link</c>.</summary>
public sealed class HatDataTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Post_one_record_answers_one_record_and_an_array_answers_an_array()
    {
        var one = await _server.PostAsync("/api/v2.6/data/app/notes", """{"text":"one"}""");
        Assert.Equal(201, one.Status);
        Assert.Equal("app/notes", (string)one.Json["endpoint"]!);
        Assert.Equal("one", (string)one.Json["data"]!["text"]!);
        var many = await _server.PostAsync("/api/v2.6/data/app/notes", """[{"text":"two"},{"text":"three"}]""");
        Assert.Equal(201, many.Status);
        Assert.Equal(2, many.Json.AsArray().Count);
    }

    [Fact]
    public async Task Post_without_skip_errors_is_atomic_and_with_it_saves_the_good_records()
    {
        var atomic = await _server.PostAsync("/api/v2.6/data/app/mixed", """[{"n":1},null,{"n":3}]""");
        Assert.Equal(400, atomic.Status);
        Assert.Equal("[]", (await _server.GetAsync("/api/v2.6/data/app/mixed")).Body);

        var skipping = await _server.PostAsync("/api/v2.6/data/app/mixed?skipErrors=true", """[{"n":1},null,{"n":3}]""");
        Assert.Equal(201, skipping.Status);
        Assert.Equal([1, 3], skipping.Json.AsArray().Select(r => (int)r!["data"]!["n"]!));
        Assert.Equal("1", skipping.Headers["X-Batch-Failed"]);
        Assert.Equal(2, (await _server.GetAsync("/api/v2.6/data/app/mixed")).Json.AsArray().Count);
    }

    [Fact]
    public async Task Get_pages_and_orders_by_creation_or_by_a_data_field()
    {
        var ids = await _server.SaveAsync("app/list", """{"n":3,"o":{"k":"b"}}""", """{"n":1,"o":{"k":"c"}}""", """{"n":2,"o":{"k":"a"}}""");
        Assert.Equal(ids, Ids(await _server.GetAsync("/api/v2.6/data/app/list")));
        Assert.Equal(ids.AsEnumerable().Reverse(), Ids(await _server.GetAsync("/api/v2.6/data/app/list?ordering=descending")));
        Assert.Equal([ids[1], ids[2], ids[0]], Ids(await _server.GetAsync("/api/v2.6/data/app/list?orderBy=n")));
        Assert.Equal([ids[1], ids[0], ids[2]], Ids(await _server.GetAsync("/api/v2.6/data/app/list?orderBy=o.k&ordering=descending")));
        Assert.Equal([ids[1]], Ids(await _server.GetAsync("/api/v2.6/data/app/list?skip=1&take=1")));
        Assert.Equal(400, (await _server.GetAsync("/api/v2.6/data/app/list?take=-1")).Status);
        Assert.Equal(400, (await _server.GetAsync("/api/v2.6/data/app/list?ordering=sideways")).Status);
        Assert.Equal("[]", (await _server.GetAsync("/api/v2.6/data/app/never-written")).Body);
    }

    [Fact]
    public async Task Links_come_back_only_with_include_links()
    {
        var batch = await _server.PostAsync("/api/v2.6/data-batch", SeedBatch);
        var nudgeId = (string)batch.Json[0]!["links"]![0]!["recordId"]!;
        var plain = await _server.GetAsync("/api/v2.6/data/rumpel/notable");
        Assert.Null(plain.Json[0]!["links"]);
        var linked = await _server.GetAsync("/api/v2.6/data/rumpel/notable?includeLinks=true");
        Assert.Equal(nudgeId, (string)linked.Json[0]!["links"]![0]!["recordId"]!);
        // The group is undirected: the nudge links back to the note.
        var back = await _server.GetAsync("/api/v2.6/data/rumpel/nudge?includeLinks=true");
        Assert.Equal((string)batch.Json[0]!["recordId"]!, (string)back.Json[0]!["links"]![0]!["recordId"]!);
    }

    [Fact]
    public async Task Delete_is_all_or_nothing_and_removes_link_memberships()
    {
        var ids = await _server.SaveAsync("app/del", """{"n":1}""", """{"n":2}""");
        var missing = Guid.NewGuid().ToString();
        var refused = await _server.DeleteAsync($"/api/v2.6/data?records={ids[0]}&records={missing}");
        Assert.Equal(400, refused.Status);
        Assert.Contains(missing, (string)refused.Json["cause"]!);
        Assert.Equal(2, (await _server.GetAsync("/api/v2.6/data/app/del")).Json.AsArray().Count);

        Assert.Equal(201, (await _server.PostAsync($"/api/v2.6/data-link?records={ids[0]}&records={ids[1]}", null)).Status);
        var deleted = await _server.DeleteAsync($"/api/v2.6/data?records={ids[0]}");
        Assert.Equal(200, deleted.Status);
        var left = await _server.GetAsync("/api/v2.6/data/app/del?includeLinks=true");
        Assert.Equal([ids[1]], Ids(left));
        Assert.Empty(left.Json[0]!["links"]!.AsArray());
        Assert.Equal(404, (await _server.GetAsync($"/v1/objects/Hat_app_del/{ids[0]}")).Status);
    }

    [Fact]
    public async Task Data_link_groups_existing_records_of_any_endpoints()
    {
        var a = (await _server.SaveAsync("app/one", """{"n":1}"""))[0];
        var b = (await _server.SaveAsync("app/two", """{"n":2}"""))[0];
        var c = (await _server.SaveAsync("other/three", """{"n":3}"""))[0];
        var reply = await _server.PostAsync($"/api/v2.6/data-link?records={a},{b}&records={c}", null);
        Assert.True(reply.Status == 201, reply.ToString());
        var fromA = await _server.GetAsync("/api/v2.6/data/app/one?includeLinks=true");
        Assert.Equal([b, c], fromA.Json[0]!["links"]!.AsArray().Select(l => (string)l!["recordId"]!).Order());
        Assert.Equal(400, (await _server.PostAsync($"/api/v2.6/data-link?records={a}&records={Guid.NewGuid()}", null)).Status);
        Assert.Equal(400, (await _server.PostAsync($"/api/v2.6/data-link?records={a}", null)).Status);
    }

    [Fact]
    public async Task Deletes_and_links_are_journaled()
    {
        var ids = await _server.SaveAsync("app/journal", """{"n":1}""", """{"n":2}""");
        var link = await _server.PostAsync($"/api/v2.6/data-link?records={ids[0]}&records={ids[1]}", null);
        var delete = await _server.DeleteAsync($"/api/v2.6/data?records={ids[0]}&records={ids[1]}");
        var summaries = (await _server.GetAsync("/api/batch/v1")).Json.AsArray();
        Assert.Equal("hat.data-link", (string)summaries.Single(s => (string)s!["_id"]! == link.Headers["X-Batch-Id"])!["service"]!);
        Assert.Equal("hat.delete", (string)summaries.Single(s => (string)s!["_id"]! == delete.Headers["X-Batch-Id"])!["service"]!);
        Assert.Contains(summaries, s => (string)s!["service"]! == "hat.data");
    }
}
