using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.Weaviate.ObjectsAssert;

namespace Barge.Server.Tests.Weaviate;

/// <summary>The reference sub-routes <c>…/references/{prop}</c> (POST adds, PUT replaces, DELETE removes).</summary>
public sealed class ObjectsReferencesTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private const string Author = "a0000000-0000-4000-8000-000000000001";
    private const string Pub1 = "b0000000-0000-4000-8000-000000000001";
    private const string Pub2 = "b0000000-0000-4000-8000-000000000002";
    private const string Missing = "c0000000-0000-4000-8000-000000000009";
    private const string Refs = "/v1/objects/Author/" + Author + "/references/writesFor";

    private static string Beacon(string id) => $$$"""{"beacon":"weaviate://localhost/Publication/{{{id}}}"}""";

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await CreateClassAsync(_server, """{"class":"Publication","properties":[{"name":"name","dataType":["text"]}]}""");
        await CreateClassAsync(_server, """{"class":"Author","properties":[{"name":"name","dataType":["text"]},{"name":"writesFor","dataType":["Publication"]}]}""");
        await CreateAsync(_server, $$$"""{"class":"Publication","id":"{{{Pub1}}}","properties":{"name":"One"}}""");
        await CreateAsync(_server, $$$"""{"class":"Publication","id":"{{{Pub2}}}","properties":{"name":"Two"}}""");
        await CreateAsync(_server, $$$"""{"class":"Author","id":"{{{Author}}}","properties":{"name":"Ann"}}""");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task<JsonArray?> StoredRefsAsync() =>
        (await _server.GetAsync("/v1/objects/Author/" + Author)).Json["properties"]!["writesFor"] as JsonArray;

    [Fact]
    public async Task Post_adds_a_reference_answered_200_empty_and_get_shows_beacon_and_href()
    {
        var reply = await _server.PostAsync(Refs, Beacon(Pub1));
        Status(reply, 200);
        Assert.Equal("", reply.Body);
        var refs = await StoredRefsAsync();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$$"""
            [{"beacon":"weaviate://localhost/Publication/{{{Pub1}}}","href":"/v1/objects/Publication/{{{Pub1}}}"}]
            """), refs), refs?.ToJsonString());
    }

    [Fact]
    public async Task Post_with_a_class_less_beacon_fills_in_the_class()
    {
        Status(await _server.PostAsync(Refs, $$$"""{"beacon":"weaviate://localhost/{{{Pub2}}}"}"""), 200);
        Assert.Equal($"weaviate://localhost/Publication/{Pub2}", (string)(await StoredRefsAsync())![0]!["beacon"]!);
    }

    [Fact]
    public async Task Post_to_a_missing_target_is_422_and_stores_nothing()
    {
        var reply = await _server.PostAsync(Refs, Beacon(Missing));
        Status(reply, 422);
        Assert.StartsWith("msg:add reference code:422 err:", reply.ErrorMessage);
        Assert.Contains(Missing, reply.ErrorMessage);
        Assert.Null(await StoredRefsAsync());
    }

    [Fact]
    public async Task Post_to_a_property_that_is_not_a_reference_is_422()
    {
        var reply = await _server.PostAsync("/v1/objects/Author/" + Author + "/references/name", Beacon(Pub1));
        Error(reply, 422, "msg:add reference code:422 err:property 'name' is not a reference-type");
    }

    [Fact]
    public async Task Post_to_an_unknown_property_is_422()
    {
        var reply = await _server.PostAsync("/v1/objects/Author/" + Author + "/references/nope", Beacon(Pub1));
        Error(reply, 422, "msg:add reference code:422 err:no such prop with name 'nope' found in class 'Author' in the schema. Check your schema files for which properties in this class are available");
    }

    [Fact]
    public async Task Post_with_a_bad_beacon_is_422()
    {
        var reply = await _server.PostAsync(Refs, """{"beacon":"http://nowhere"}""");
        Status(reply, 422);
        Assert.StartsWith("msg:add reference code:422 err:", reply.ErrorMessage);
    }

    [Fact]
    public async Task Post_with_an_array_body_is_a_framework_601()
    {
        Framework(await _server.PostAsync(Refs, $"[{Beacon(Pub1)}]"), 422, 601, "body in body must be of type object: \"array\"");
    }

    [Fact]
    public async Task Reference_routes_on_a_missing_source_are_empty_404s()
    {
        var path = "/v1/objects/Author/" + Missing + "/references/writesFor";
        EmptyNotFound(await _server.PostAsync(path, Beacon(Pub1)));
        EmptyNotFound(await _server.PutAsync(path, $"[{Beacon(Pub1)}]"));
        EmptyNotFound(await _server.DeleteAsync(path, Beacon(Pub1)));
        EmptyNotFound(await _server.PostAsync("/v1/objects/Nope/" + Author + "/references/writesFor", Beacon(Pub1)));
    }

    [Fact]
    public async Task Put_replaces_the_whole_list()
    {
        Status(await _server.PostAsync(Refs, Beacon(Pub1)), 200);
        var reply = await _server.PutAsync(Refs, $"[{Beacon(Pub2)}]");
        Status(reply, 200);
        Assert.Equal("", reply.Body);
        var refs = (await StoredRefsAsync())!;
        Assert.Equal($"weaviate://localhost/Publication/{Pub2}", (string)Assert.Single(refs)!["beacon"]!);
    }

    [Fact]
    public async Task Put_with_an_empty_list_removes_every_reference()
    {
        Status(await _server.PostAsync(Refs, Beacon(Pub1)), 200);
        Status(await _server.PutAsync(Refs, "[]"), 200);
        Assert.Null(await StoredRefsAsync());
    }

    [Fact]
    public async Task Put_with_an_object_body_is_a_framework_601()
    {
        Framework(await _server.PutAsync(Refs, Beacon(Pub1)), 422, 601, "body in body must be of type array: \"object\"");
    }

    [Fact]
    public async Task Delete_removes_every_entry_with_that_beacon_and_an_absent_one_is_still_204()
    {
        Status(await _server.PostAsync(Refs, Beacon(Pub1)), 200);
        Status(await _server.PostAsync(Refs, Beacon(Pub1)), 200);
        Status(await _server.PostAsync(Refs, Beacon(Pub2)), 200);
        var reply = await _server.DeleteAsync(Refs, Beacon(Pub1));
        Status(reply, 204);
        var refs = (await StoredRefsAsync())!;
        Assert.Equal($"weaviate://localhost/Publication/{Pub2}", (string)Assert.Single(refs)!["beacon"]!);
        Status(await _server.DeleteAsync(Refs, Beacon(Missing)), 204);
    }

    [Fact]
    public async Task Delete_with_a_class_less_beacon_removes_the_class_qualified_entry()
    {
        Status(await _server.PostAsync(Refs, Beacon(Pub1)), 200);
        Status(await _server.DeleteAsync(Refs, $$$"""{"beacon":"weaviate://localhost/{{{Pub1}}}"}"""), 204);
        Assert.Null(await StoredRefsAsync());
    }

    [Fact]
    public async Task References_in_properties_must_point_at_existing_objects()
    {
        var reply = await _server.PostAsync("/v1/objects", $$$"""{"class":"Author","properties":{"writesFor":[{{{Beacon(Missing)}}}]}}""");
        Status(reply, 422);
        Assert.StartsWith("invalid object: invalid cref: ", reply.ErrorMessage);
        Assert.Contains($"no object with id {Missing} found", reply.ErrorMessage);
    }

    [Fact]
    public async Task A_reference_property_given_a_map_is_refused()
    {
        var reply = await _server.PostAsync("/v1/objects", $$$"""{"class":"Author","properties":{"writesFor":{{{Beacon(Pub1)}}}}}""");
        Status(reply, 422);
        Assert.StartsWith("invalid object: invalid cref: reference must be an array, but got a map: ", reply.ErrorMessage);
    }
}
