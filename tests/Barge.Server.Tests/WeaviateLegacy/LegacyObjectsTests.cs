using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.WeaviateLegacy.LegacyKit;

namespace Barge.Server.Tests.WeaviateLegacy;

/// <summary>The 0.x object routes (spec §9) and readability across dialects.</summary>
public sealed class LegacyObjectsTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await _server.CreateDocumentationSchemaAsync();
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_v1_object_reads_through_the_things_route_with_kind_beacons()
    {
        var created = await _server.PostAsync("/v1/objects", J($$$"""
            {"class":"Author","id":"{{{Jane}}}","properties":{"name":"Jane Doe","writesFor":[{"beacon":"weaviate://localhost/Publication/{{{Publication}}}"}]}}
            """));
        Assert.Equal(200, created.Status);
        var reply = await _server.GetAsync($"/v1/things/{Jane}");
        Assert.Equal(200, reply.Status);
        var expected = J($$$"""
            {"class":"Author","creationTimeUnix":{{{created.Json["creationTimeUnix"]}}},"id":"{{{Jane}}}","lastUpdateTimeUnix":{{{created.Json["lastUpdateTimeUnix"]}}},
             "schema":{"name":"Jane Doe","writesFor":[{"beacon":"weaviate://localhost/things/{{{Publication}}}","href":"/v1/things/{{{Publication}}}"}]}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, reply.Json), reply.Body);
        Assert.Equal(404, (await _server.GetAsync($"/v1/actions/{Jane}")).Status);
    }

    [Fact]
    public async Task Create_update_and_delete_through_the_actions_route()
    {
        await _server.CreateKindClassAsync("actions", """{"class":"Reads","properties":[{"name":"note","dataType":["string"]},{"name":"by","dataType":["Author"]}]}""");
        var id = "11111111-2222-4333-8444-555555555555";
        var created = await _server.PostAsync("/v1/actions", J($$$"""
            {"class":"Reads","id":"{{{id}}}","schema":{"note":"first","by":[{"beacon":"weaviate://localhost/things/{{{Jane}}}"}]}}
            """));
        // The reference target must exist for a single create, as in v1.
        Assert.Equal(422, created.Status);
        await _server.PostAsync("/v1/batching/things", AuthorsBatch());
        created = await _server.PostAsync("/v1/actions", J($$$"""
            {"class":"Reads","id":"{{{id}}}","schema":{"note":"first","by":[{"beacon":"weaviate://localhost/things/{{{Jane}}}"}]}}
            """));
        Assert.Equal(200, created.Status);
        Assert.Equal($"weaviate://localhost/things/{Jane}", (string)created.Json["schema"]!["by"]![0]!["beacon"]!);

        Assert.Equal(204, (await _server.PatchAsync($"/v1/actions/{id}", J("""{"schema":{"note":"second"}}"""))).Status);
        Assert.Equal("second", (string)(await _server.GetAsync($"/v1/objects/Reads/{id}")).Json["properties"]!["note"]!);
        var replaced = await _server.PutAsync($"/v1/actions/{id}", J($$$"""{"class":"Reads","id":"{{{id}}}","schema":{"note":"third"}}"""));
        Assert.Equal(200, replaced.Status);
        Assert.Equal("third", (string)replaced.Json["schema"]!["note"]!);

        var added = await _server.PostAsync($"/v1/actions/{id}/references/by", J($$$"""{"beacon":"weaviate://localhost/things/{{{John}}}"}"""));
        Assert.True(added.Status == 200, added.ToString());
        var withRef = await _server.GetAsync($"/v1/actions/{id}");
        Assert.Equal($"weaviate://localhost/things/{John}", (string)withRef.Json["schema"]!["by"]![0]!["beacon"]!);

        Assert.Equal(204, (await _server.DeleteAsync($"/v1/actions/{id}")).Status);
        Assert.Equal(404, (await _server.GetAsync($"/v1/actions/{id}")).Status);
    }

    [Fact]
    public async Task A_class_of_the_other_kind_is_refused_on_create()
    {
        var reply = await _server.PostAsync("/v1/actions", J("""{"class":"Author","schema":{"name":"x"}}"""));
        Assert.Equal(422, reply.Status);
        Assert.Equal("invalid object: class 'Author' not present in schema", reply.ErrorMessage);
    }

    [Fact]
    public async Task The_list_holds_the_kinds_objects_under_the_kind_key()
    {
        await _server.PostAsync("/v1/batching/things", AuthorsBatch());
        var all = await _server.GetAsync("/v1/things");
        Assert.Equal(3, (int)all.Json["totalResults"]!);
        Assert.Equal([Publication, Jane, John], all.Json["things"]!.AsArray().Select(o => (string)o!["id"]!));
        var page = await _server.GetAsync("/v1/things?offset=1&limit=1");
        Assert.Equal([Jane], page.Json["things"]!.AsArray().Select(o => (string)o!["id"]!));
        var actions = await _server.GetAsync("/v1/actions");
        Assert.Empty(actions.Json["actions"]!.AsArray());
        Assert.Null(actions.Json["totalResults"]);
    }
}
