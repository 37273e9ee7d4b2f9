using Barge.Server.Tests.Support;
using static Barge.Server.Tests.Weaviate.ObjectsAssert;

namespace Barge.Server.Tests.Weaviate;

/// <summary>The deprecated <c>/v1/objects/{id}</c> forms: the class is found by id.</summary>
public sealed class ObjectsClassLessTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private const string Id = "d0000000-0000-4000-8000-000000000001";
    private const string Target = "d0000000-0000-4000-8000-000000000002";
    private const string Missing = "d0000000-0000-4000-8000-000000000009";

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await CreateClassAsync(_server, """{"class":"Note","properties":[{"name":"text","dataType":["text"]},{"name":"links","dataType":["Note"]}]}""");
        await CreateAsync(_server, $$$"""{"class":"Note","id":"{{{Id}}}","properties":{"text":"a"}}""");
        await CreateAsync(_server, $$$"""{"class":"Note","id":"{{{Target}}}","properties":{"text":"b"}}""");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Get_and_head_find_the_class_by_id()
    {
        var reply = await _server.GetAsync("/v1/objects/" + Id);
        Status(reply, 200);
        Assert.Equal("Note", (string)reply.Json["class"]!);
        Status(await _server.HeadAsync("/v1/objects/" + Id), 204);
    }

    [Fact]
    public async Task Every_verb_on_a_missing_id_is_an_empty_404()
    {
        var path = "/v1/objects/" + Missing;
        EmptyNotFound(await _server.GetAsync(path));
        EmptyNotFound(await _server.HeadAsync(path));
        EmptyNotFound(await _server.PutAsync(path, """{"class":"Note","properties":{}}"""));
        EmptyNotFound(await _server.PatchAsync(path, """{"properties":{}}"""));
        EmptyNotFound(await _server.DeleteAsync(path));
        EmptyNotFound(await _server.PostAsync(path + "/references/links", $$$"""{"beacon":"weaviate://localhost/{{{Target}}}"}"""));
    }

    [Fact]
    public async Task Put_patch_and_delete_work_without_the_class()
    {
        Status(await _server.PutAsync("/v1/objects/" + Id, $$$"""{"class":"Note","id":"{{{Id}}}","properties":{"text":"put"}}"""), 200);
        Status(await _server.PatchAsync("/v1/objects/" + Id, """{"properties":{"text":"patched"}}"""), 204);
        Assert.Equal("patched", (string)(await _server.GetAsync("/v1/objects/Note/" + Id)).Json["properties"]!["text"]!);
        Status(await _server.DeleteAsync("/v1/objects/" + Id), 204);
        EmptyNotFound(await _server.GetAsync("/v1/objects/Note/" + Id));
    }

    [Fact]
    public async Task Reference_routes_work_without_the_class()
    {
        var path = "/v1/objects/" + Id + "/references/links";
        var beacon = $$$"""{"beacon":"weaviate://localhost/Note/{{{Target}}}"}""";
        Status(await _server.PostAsync(path, beacon), 200);
        Status(await _server.PutAsync(path, $"[{beacon},{beacon}]"), 200);
        Assert.Equal(2, (await _server.GetAsync("/v1/objects/" + Id)).Json["properties"]!["links"]!.AsArray().Count);
        Status(await _server.DeleteAsync(path, beacon), 204);
        Assert.Null((await _server.GetAsync("/v1/objects/" + Id)).Json["properties"]!["links"]);
    }

    [Fact]
    public async Task A_class_less_path_id_that_is_not_a_uuid_is_a_framework_601()
    {
        Framework(await _server.GetAsync("/v1/objects/xyz"), 422, 601, "id in path must be of type uuid: \"xyz\"");
    }
}
