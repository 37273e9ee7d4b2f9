using Barge.Server.Tests.Support;
using static Barge.Server.Tests.Hat.HatKit;

namespace Barge.Server.Tests.Hat;

/// <summary>
/// A HAT endpoint's collection is an ordinary collection, so Weaviate v1 can write objects into it that HAT never
/// would (data that is not JSON, of another type, or missing). Such objects used to break every HAT read of the
/// endpoint with a 500; they are read as what they hold, and the HAT records beside them stay readable and ordered.
/// </summary>
public sealed class HatForeignDataTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Data_written_through_v1_does_not_break_hat_reads()
    {
        var ids = await _server.SaveAsync("mix/notes", """{"n":2}""", """{"n":1}""");
        foreach (var properties in new[] { """{"data":"not json {","endpoint":"mix/notes"}""", """{"data":"\"a json string\""}""", "{}", """{"endpoint":"elsewhere/x"}""" })
        {
            var written = await _server.PostAsync("/v1/objects", $$"""{"class":"Hat_mix_notes","properties":{{properties}}}""");
            Assert.True(written.Status is 200 or 422, written.ToString());
        }

        var all = await _server.GetAsync("/api/v2.6/data/mix/notes");
        Assert.True(all.Status == 200, all.ToString());
        Assert.True(ids.All(id => Ids(all).Contains(id)));

        foreach (var ordering in new[] { "ascending", "descending" })
        {
            var ordered = await _server.GetAsync($"/api/v2.6/data/mix/notes?orderBy=n&ordering={ordering}");
            Assert.True(ordered.Status == 200, ordered.ToString());
            var hat = Ids(ordered).Where(ids.Contains).ToList();
            Assert.Equal(ordering == "ascending" ? [ids[1], ids[0]] : ids, hat);
        }
    }

    [Fact]
    public async Task A_collection_made_through_v1_with_other_types_is_read_without_a_500()
    {
        var created = await _server.PostAsync("/v1/schema", """{"class":"Hat_typed_notes","properties":[{"name":"data","dataType":["int"]},{"name":"endpoint","dataType":["int"]}]}""");
        Assert.True(created.Status == 200, created.ToString());
        Assert.Equal(200, (await _server.PostAsync("/v1/objects", """{"class":"Hat_typed_notes","properties":{"data":5,"endpoint":7}}""")).Status);

        var all = await _server.GetAsync("/api/v2.6/data/typed/notes");
        Assert.True(all.Status == 200, all.ToString());
        Assert.Equal(5, (int)all.Json[0]!["data"]!);
        var ordered = await _server.GetAsync("/api/v2.6/data/typed/notes?orderBy=a.b");
        Assert.True(ordered.Status == 200, ordered.ToString());
    }
}
