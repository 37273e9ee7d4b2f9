using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.Weaviate.ObjectsAssert;

namespace Barge.Server.Tests.Weaviate;

public sealed class ObjectsCreateTests : IAsyncLifetime
{
    private TestServer _server = null!;
    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync();
    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private const string Id = "6f1c0d2e-3a4b-4c5d-8e6f-708192a3b4c5";

    [Fact]
    public async Task Create_without_id_answers_the_stored_object_with_a_new_uuid_and_equal_timestamps()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var o = await CreateAsync(_server, """{"class":"article","properties":{"title":"Alpha"}}""");
        Assert.Equal("Article", (string)o["class"]!);
        Assert.True(Guid.TryParseExact((string)o["id"]!, "D", out _), o.ToJsonString());
        Assert.Equal("Alpha", (string)o["properties"]!["title"]!);
        var created = (long)o["creationTimeUnix"]!;
        Assert.InRange(created, before, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Equal(created, (long)o["lastUpdateTimeUnix"]!);
    }

    [Fact]
    public async Task Create_keeps_a_supplied_id_and_the_object_is_readable()
    {
        var o = await CreateAsync(_server, $$$"""{"class":"Article","id":"{{{Id}}}","properties":{"title":"Alpha"}}""");
        Assert.Equal(Id, (string)o["id"]!);
        var read = await _server.GetAsync($"/v1/objects/Article/{Id}");
        Status(read, 200);
        Assert.Equal("Alpha", (string)read.Json["properties"]!["title"]!);
    }

    [Fact]
    public async Task Create_with_an_id_in_upper_case_stores_the_canonical_lower_case_id()
    {
        var o = await CreateAsync(_server, $$$"""{"class":"Article","id":"{{{Id.ToUpperInvariant()}}}","properties":{}}""");
        Assert.Equal(Id, (string)o["id"]!);
    }

    [Fact]
    public async Task Create_with_an_existing_id_is_refused_with_422_and_keeps_the_first_object()
    {
        await CreateAsync(_server, $$$"""{"class":"Article","id":"{{{Id}}}","properties":{"title":"first"}}""");
        var again = await _server.PostAsync("/v1/objects", $$$"""{"class":"Article","id":"{{{Id}}}","properties":{"title":"second"}}""");
        Error(again, 422, $"id '{Id}' already exists");
        var read = await _server.GetAsync($"/v1/objects/Article/{Id}");
        Assert.Equal("first", (string)read.Json["properties"]!["title"]!);
    }

    [Theory]
    [InlineData("\"abc\"", "id in body must be of type uuid: \"abc\"")]
    [InlineData("12", "id in body must be of type uuid: \"number\"")]
    [InlineData("\"6f1c0d2e-3a4b-4c5d-8e6f-708192a3b4cz\"", "id in body must be of type uuid: \"6f1c0d2e-3a4b-4c5d-8e6f-708192a3b4cz\"")]
    public async Task Create_with_an_id_that_is_not_a_uuid_is_a_framework_601(string id, string message)
    {
        var reply = await _server.PostAsync("/v1/objects", $$$"""{"class":"Article","id":{{{id}}}}""");
        Framework(reply, 422, 601, message);
    }

    [Theory]
    [InlineData("""{"class":5}""", "class in body must be of type string: \"number\"")]
    [InlineData("""{"class":"A","properties":[1]}""", "properties in body must be of type object: \"array\"")]
    [InlineData("""{"class":"A","vector":"x"}""", "vector in body must be of type array: \"string\"")]
    [InlineData("""{"class":"A","tenant":true}""", "tenant in body must be of type string: \"boolean\"")]
    [InlineData("""[1,2]""", "body in body must be of type object: \"array\"")]
    public async Task Create_with_wrong_json_types_in_fields_is_a_framework_601(string body, string message)
    {
        Framework(await _server.PostAsync("/v1/objects", body), 422, 601, message);
    }

    [Fact]
    public async Task Create_without_a_class_is_422_invalid_object()
    {
        Error(await _server.PostAsync("/v1/objects", """{"properties":{"a":"b"}}"""), 422, "invalid object: object has an empty class");
    }

    [Fact]
    public async Task Create_with_a_wrong_property_type_is_422_with_the_invalid_object_prefix()
    {
        await CreateAsync(_server, """{"class":"Article","properties":{"title":"Alpha"}}""");
        var reply = await _server.PostAsync("/v1/objects", """{"class":"Article","properties":{"title":5}}""");
        Error(reply, 422, "invalid object: invalid text property 'title' on class 'Article': not a string, but json.Number");
    }

    [Fact]
    public async Task Create_answers_the_vector_and_get_shows_it_only_with_include_vector()
    {
        var o = await CreateAsync(_server, $$$"""{"class":"Article","id":"{{{Id}}}","vector":[0.5,1,-2]}""");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("[0.5,1,-2]"), o["vector"]), o.ToJsonString());
        var plain = await _server.GetAsync($"/v1/objects/Article/{Id}");
        Assert.Null(plain.Json["vector"]);
        var withVector = await _server.GetAsync($"/v1/objects/Article/{Id}?include=vector");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("[0.5,1,-2]"), withVector.Json["vector"]), withVector.Body);
    }

    [Fact]
    public async Task A_vector_of_another_length_than_the_class_has_is_refused()
    {
        await CreateAsync(_server, """{"class":"Article","vector":[1,2,3]}""");
        var reply = await _server.PostAsync("/v1/objects", """{"class":"Article","vector":[1,2]}""");
        Error(reply, 422, "invalid object: new node has a vector with length 2. Existing nodes have vectors with length 3");
        var list = await _server.GetAsync("/v1/objects?class=Article");
        Assert.Single(list.Json["objects"]!.AsArray());
    }

    [Fact]
    public async Task A_vector_with_a_non_number_is_refused_with_422()
    {
        var reply = await _server.PostAsync("/v1/objects", """{"class":"Article","vector":[1,"x"]}""");
        Status(reply, 422);
        Assert.StartsWith("invalid object: ", reply.ErrorMessage);
    }

    [Fact]
    public async Task Consistency_level_outside_the_enum_is_400()
    {
        var reply = await _server.PostAsync("/v1/objects?consistency_level=one", """{"class":"Article"}""");
        Error(reply, 400, "unrecognized consistency level 'one', try one of the following: ['ONE', 'QUORUM', 'ALL']");
        Status(await _server.PostAsync("/v1/objects?consistency_level=QUORUM", """{"class":"Article"}"""), 200);
    }

    [Fact]
    public async Task Validate_answers_200_with_an_empty_body_and_stores_nothing()
    {
        var reply = await _server.PostAsync("/v1/objects/validate", $$$"""{"class":"Fresh","id":"{{{Id}}}","properties":{"title":"x"}}""");
        Status(reply, 200);
        Assert.Equal("", reply.Body);
        EmptyNotFound(await _server.GetAsync($"/v1/objects/Fresh/{Id}"));
        EmptyNotFound(await _server.GetAsync("/v1/schema/Fresh"));
    }

    [Fact]
    public async Task Validate_refuses_an_invalid_object_with_the_invalid_object_prefix()
    {
        await CreateAsync(_server, """{"class":"Article","properties":{"stringProp":"a"}}""");
        var reply = await _server.PostAsync("/v1/objects/validate", """{"class":"Article","properties":{"stringProp":1}}""");
        Error(reply, 422, "invalid object: invalid text property 'stringProp' on class 'Article': not a string, but json.Number");
    }
}
