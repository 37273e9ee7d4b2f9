using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.WeaviateLegacy.LegacyKit;

namespace Barge.Server.Tests.WeaviateLegacy;

/// <summary><c>POST /v1/batching/things|actions</c> (spec §9, seeds/000 example).</summary>
public sealed class LegacyBatchingTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await _server.CreateDocumentationSchemaAsync();
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_documentation_example_answers_as_documented_without_the_interpretation_block()
    {
        var reply = await _server.PostAsync("/v1/batching/things", AuthorsBatch());
        Assert.Equal(200, reply.Status);
        var items = reply.Json.AsArray();
        Assert.Equal(2, items.Count);
        foreach (var (item, id, name) in new[] { (items[0]!, Jane, "Jane Doe"), (items[1]!, John, "John Doe") })
        {
            var created = (long)item["creationTimeUnix"]!;
            Assert.InRange(created, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            var expected = J($$$"""
                {"class":"Author","creationTimeUnix":{{{created}}},"id":"{{{id}}}",
                 "schema":{"name":"{{{name}}}","writesFor":[{"beacon":"weaviate://localhost/things/{{{Publication}}}"}]},
                 "deprecations":null,"result":{}}
                """);
            Assert.True(JsonNode.DeepEquals(expected, item), item.ToJsonString());
            // The documented answer has exactly these members, in this order (meta.interpretation left out).
            Assert.Equal(["class", "creationTimeUnix", "id", "schema", "deprecations", "result"], item.AsObject().Select(kv => kv.Key));
        }
        Assert.Equal("2", reply.Headers["X-Batch-Succeeded"]);
        Assert.Equal("0", reply.Headers["X-Batch-Failed"]);
    }

    [Fact]
    public async Task Objects_written_by_batching_read_through_v1_with_class_beacons()
    {
        await _server.PostAsync("/v1/batching/things", AuthorsBatch());
        var reply = await _server.GetAsync($"/v1/objects/Author/{Jane}");
        Assert.Equal(200, reply.Status);
        Assert.Equal("Jane Doe", (string)reply.Json["properties"]!["name"]!);
        Assert.Equal($"weaviate://localhost/Publication/{Publication}", (string)reply.Json["properties"]!["writesFor"]![0]!["beacon"]!);
        Assert.Equal($"/v1/objects/Publication/{Publication}", (string)reply.Json["properties"]!["writesFor"]![0]!["href"]!);
    }

    [Fact]
    public async Task An_empty_list_is_refused_per_kind()
    {
        var things = await _server.PostAsync("/v1/batching/things", """{"things":[]}""");
        Assert.Equal(422, things.Status);
        Assert.Equal("invalid param 'things': cannot be empty, need at least one thing for batching", things.ErrorMessage);
        var actions = await _server.PostAsync("/v1/batching/actions", """{"fields":["ALL"]}""");
        Assert.Equal(422, actions.Status);
        Assert.Equal("invalid param 'actions': cannot be empty, need at least one action for batching", actions.ErrorMessage);
    }

    [Fact]
    public async Task A_failed_item_fails_alone_with_an_errors_result_and_is_counted()
    {
        var reply = await _server.PostAsync("/v1/batching/things", $$$"""
            {"things":[{"class":"Author","schema":{"name":"Ok"}},
                       {"class":"Author","schema":{"name":42}},
                       {"class":"Nope","schema":{"name":"x"}}]}
            """);
        var items = reply.Json.AsArray();
        Assert.True(JsonNode.DeepEquals(J("{}"), items[0]!["result"]), items[0]!.ToJsonString());
        Assert.Contains("name", Message(items[1]!));
        Assert.Equal(42, (int)items[1]!["schema"]!["name"]!);
        Assert.Equal("class 'Nope' not present in schema", Message(items[2]!));
        Assert.Equal("Nope", (string)items[2]!["class"]!);
        Assert.Equal(36, ((string)items[2]!["id"]!).Length);
        Assert.Equal("1", reply.Headers["X-Batch-Succeeded"]);
        Assert.Equal("2", reply.Headers["X-Batch-Failed"]);
        Assert.Equal(404, (await _server.GetAsync("/v1/schema/Nope")).Status);
    }

    [Fact]
    public async Task A_class_of_the_other_kind_is_not_present_for_this_kind()
    {
        await _server.CreateKindClassAsync("actions", """{"class":"Reads","properties":[{"name":"note","dataType":["text"]}]}""");
        var wrong = await _server.PostAsync("/v1/batching/things", """{"things":[{"class":"Reads","schema":{"note":"x"}}]}""");
        Assert.Equal("class 'Reads' not present in schema", Message(wrong.Json[0]!));
        var right = await _server.PostAsync("/v1/batching/actions", """{"actions":[{"class":"Reads","schema":{"note":"x"}}]}""");
        Assert.True(JsonNode.DeepEquals(J("{}"), right.Json[0]!["result"]), right.Body);
    }

    [Fact]
    public async Task A_beacon_with_an_unknown_kind_fails_its_object()
    {
        var reply = await _server.PostAsync("/v1/batching/things", $$$"""
            {"things":[{"class":"Author","schema":{"writesFor":[{"beacon":"weaviate://localhost/persons/{{{Publication}}}"}]}}]}
            """);
        Assert.Equal("invalid cref URI: invalid kind, expected 'things' or 'actions', but got 'persons'", Message(reply.Json[0]!));
        var shape = await _server.PostAsync("/v1/batching/things", $$$"""
            {"things":[{"class":"Author","schema":{"writesFor":[{"beacon":"weaviate://localhost/Publication/things/{{{Publication}}}"}]}}]}
            """);
        Assert.Equal($"invalid cref URI: path must be of format '/{{things,actions}}/<uuid>', but got '/Publication/things/{Publication}'", Message(shape.Json[0]!));
    }

    [Fact]
    public async Task Fields_all_or_empty_keeps_everything()
    {
        foreach (var fields in new[] { "\"fields\":[\"ALL\"],", "\"fields\":[],", "\"fields\":[\"id\",\"ALL\"]," })
        {
            var reply = await _server.PostAsync("/v1/batching/things", AuthorsBatch(fields));
            Assert.True(JsonNode.DeepEquals(J("{}"), reply.Json[0]!["result"]), reply.Body);
            Assert.Equal(Jane, (string)reply.Json[0]!["id"]!);
            Assert.Equal("Jane Doe", (string)reply.Json[0]!["schema"]!["name"]!);
        }
    }

    [Fact]
    public async Task Fields_keep_only_the_listed_members_before_validation()
    {
        // Without `id` the sent ids are dropped and new ones assigned.
        var noId = await _server.PostAsync("/v1/batching/things", AuthorsBatch("\"fields\":[\"class\",\"schema\"],"));
        Assert.True(JsonNode.DeepEquals(J("{}"), noId.Json[0]!["result"]), noId.Body);
        Assert.NotEqual(Jane, (string)noId.Json[0]!["id"]!);
        Assert.Equal("Jane Doe", (string)noId.Json[0]!["schema"]!["name"]!);

        // Without `class` validation fails, as in 0.23.
        var noClass = await _server.PostAsync("/v1/batching/things", AuthorsBatch("\"fields\":[\"id\",\"schema\"],"));
        Assert.Equal("object has an empty class", Message(noClass.Json[0]!));
        Assert.Equal("0", noClass.Headers["X-Batch-Succeeded"]);

        // Without `schema` the object is stored without properties.
        var noSchema = await _server.PostAsync("/v1/batching/things", AuthorsBatch("\"fields\":[\"class\",\"id\"],"));
        Assert.True(JsonNode.DeepEquals(J("{}"), noSchema.Json[0]!["schema"]), noSchema.Body);
    }

    [Fact]
    public async Task An_unknown_field_name_is_an_enum_error()
    {
        var reply = await _server.PostAsync("/v1/batching/things", AuthorsBatch("\"fields\":[\"vector\"],"));
        Assert.Equal(422, reply.Status);
        Assert.Equal(606, (int)reply.Json["code"]!);
        Assert.Equal("fields.0 in body should be one of [ALL class schema id creationTimeUnix]", (string)reply.Json["message"]!);
    }

    [Fact]
    public async Task Wire_type_errors_name_the_0x_member()
    {
        var schema = await _server.PostAsync("/v1/batching/things", """{"things":[{"class":"Author","schema":[1]}]}""");
        Assert.Equal(422, schema.Status);
        Assert.Equal("body.things.0.schema in body must be of type object: \"array\"", (string)schema.Json["message"]!);
        var id = await _server.PostAsync("/v1/batching/things", """{"things":[{"class":"Author","id":"abc"}]}""");
        Assert.Equal("body.things.0.id in body must be of type uuid: \"abc\"", (string)id.Json["message"]!);
    }
}
