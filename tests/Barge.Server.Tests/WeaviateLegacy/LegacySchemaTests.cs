using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.WeaviateLegacy.LegacyKit;

namespace Barge.Server.Tests.WeaviateLegacy;

/// <summary>The 0.x schema routes (spec §9): kinds, 0.x property fields, and v1's view of the same classes.</summary>
public sealed class LegacySchemaTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_things_class_echoes_its_0x_fields_and_string_stays_string()
    {
        var reply = await _server.PostAsync("/v1/schema/things", """
            {"class":"Publication","description":"A publication","vectorizeClassName":false,"keywords":[{"keyword":"paper","weight":0.5}],
             "properties":[{"name":"name","dataType":["string"],"description":"Its name","vectorizePropertyName":true,"index":false}]}
            """);
        Assert.Equal(200, reply.Status);
        Assert.True(JsonNode.DeepEquals(J("""
            {"class":"Publication","description":"A publication","vectorizeClassName":false,"keywords":[{"keyword":"paper","weight":0.5}],
             "properties":[{"name":"name","dataType":["string"],"description":"Its name","index":false,"vectorizePropertyName":true}]}
            """), reply.Json), reply.Body);
    }

    [Fact]
    public async Task Kind_listings_are_0x_shaped_and_v1_classes_count_as_things()
    {
        await _server.CreateKindClassAsync("things", """{"class":"Publication","properties":[{"name":"name","dataType":["text"]}]}""");
        await _server.CreateKindClassAsync("actions", """{"class":"Reads","properties":[{"name":"at","dataType":["date"]}]}""");
        Assert.Equal(200, (await _server.PostAsync("/v1/schema", """{"class":"Modern"}""")).Status);

        var things = await _server.GetAsync("/v1/schema/things");
        Assert.Equal("thing", (string)things.Json["type"]!);
        Assert.Equal(["Publication", "Modern"], things.Json["classes"]!.AsArray().Select(c => (string)c!["class"]!));
        var actions = await _server.GetAsync("/v1/schema/actions");
        Assert.Equal("action", (string)actions.Json["type"]!);
        Assert.Equal(["Reads"], actions.Json["classes"]!.AsArray().Select(c => (string)c!["class"]!));
    }

    [Fact]
    public async Task V1_schema_stays_v1_shaped_and_shows_0x_classes_with_their_v1_settings()
    {
        await _server.CreateKindClassAsync("things", """{"class":"Publication","vectorizeClassName":true,"properties":[{"name":"name","dataType":["string"],"index":false}]}""");
        var reply = await _server.GetAsync("/v1/schema");
        var cls = reply.Json["classes"]![0]!;
        Assert.Null(reply.Json["things"]);
        Assert.Equal("Publication", (string)cls["class"]!);
        Assert.True((bool)cls["moduleConfig"]!["text2vec-contextionary"]!["vectorizeClassName"]!);
        var prop = cls["properties"]![0]!;
        Assert.Equal("text", (string)prop["dataType"]![0]!);
        Assert.Equal("whitespace", (string)prop["tokenization"]!);
        Assert.False((bool)prop["indexFilterable"]!);
        Assert.False((bool)prop["indexSearchable"]!);
    }

    [Fact]
    public async Task Other_spellings_of_the_kind_path_are_v1_class_lookups()
    {
        Assert.Equal(200, (await _server.PostAsync("/v1/schema", """{"class":"Things"}""")).Status);
        var reply = await _server.GetAsync("/v1/schema/Things");
        Assert.Equal("Things", (string)reply.Json["class"]!);
        Assert.Equal(404, (await _server.GetAsync("/v1/schema/Actions")).Status);
    }

    [Fact]
    public async Task A_duplicate_class_and_v1_rule_violations_are_422_in_the_error_shape()
    {
        await _server.CreateKindClassAsync("things", """{"class":"Publication"}""");
        var again = await _server.PostAsync("/v1/schema/actions", """{"class":"Publication"}""");
        Assert.Equal(422, again.Status);
        Assert.Equal("class name Publication already exists", again.ErrorMessage);
        var badType = await _server.PostAsync("/v1/schema/things", """{"class":"Other","properties":[{"name":"x","dataType":["strng"]}]}""");
        Assert.Equal(422, badType.Status);
        Assert.Contains("unknown primitive data type 'strng'", badType.ErrorMessage);
    }

    [Fact]
    public async Task Wrong_types_of_0x_members_are_framework_errors()
    {
        var reply = await _server.PostAsync("/v1/schema/things", """{"class":"P","properties":[{"name":"x","dataType":["int"],"index":"yes"}]}""");
        Assert.Equal(422, reply.Status);
        Assert.Equal(601, (int)reply.Json["code"]!);
        Assert.Equal("properties.0.index in body must be of type boolean: \"string\"", (string)reply.Json["message"]!);
    }

    [Fact]
    public async Task Properties_are_added_under_the_kind_and_deletes_keep_to_their_kind()
    {
        await _server.CreateKindClassAsync("actions", """{"class":"Reads"}""");
        var added = await _server.PostAsync("/v1/schema/actions/Reads/properties", """{"name":"pages","dataType":["int"],"vectorizePropertyName":false}""");
        Assert.Equal(200, added.Status);
        Assert.True(JsonNode.DeepEquals(J("""{"name":"pages","dataType":["int"],"index":true,"vectorizePropertyName":false}"""), added.Json), added.Body);
        var wrongKind = await _server.PostAsync("/v1/schema/things/Reads/properties", """{"name":"x","dataType":["int"]}""");
        Assert.Equal(422, wrongKind.Status);

        Assert.Equal(200, (await _server.DeleteAsync("/v1/schema/things/Reads")).Status);
        Assert.Single((await _server.GetAsync("/v1/schema/actions")).Json["classes"]!.AsArray());
        Assert.Equal(200, (await _server.DeleteAsync("/v1/schema/actions/Reads")).Status);
        Assert.Empty((await _server.GetAsync("/v1/schema/actions")).Json["classes"]!.AsArray());
    }

    [Fact]
    public async Task The_kind_survives_a_restart()
    {
        await _server.CreateKindClassAsync("actions", """{"class":"Reads"}""");
        _server = await _server.RestartAsync();
        Assert.Equal("Reads", (string)(await _server.GetAsync("/v1/schema/actions")).Json["classes"]![0]!["class"]!);
    }
}
