using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.Weaviate;

/// <summary>POST /v1/batch/objects per-item rules (spec §1.2, §1.4, §10.1–§10.11).</summary>
public sealed class BatchObjectsTests : IAsyncLifetime
{
    private TestServer _server = null!;
    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync();
    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Results_keep_input_order_across_classes()
    {
        var reply = await _server.ImportAsync(
            Obj("Alpha", Id(1), """{"n":"a1"}"""), Obj("Beta", Id(2), """{"n":"b1"}"""),
            Obj("Alpha", Id(3), """{"n":"a2"}"""), Obj("Gamma", Id(4), """{"n":"g1"}"""), Obj("Beta", Id(5), """{"n":"b2"}"""));
        Assert.Equal(200, reply.Status);
        var items = reply.Json.AsArray();
        Assert.Equal(["Alpha", "Beta", "Alpha", "Gamma", "Beta"], items.Select(i => (string)i!["class"]!));
        Assert.Equal(Enumerable.Range(1, 5).Select(Id), items.Select(i => (string)i!["id"]!));
        Assert.All(items, i => Assert.Equal("SUCCESS", Status(i!)));
        Assert.All(items, i => Assert.Null(i!["result"]!["errors"]));
        Assert.All(items, i => Assert.True(i!.AsObject().ContainsKey("deprecations") && i["deprecations"] is null));
    }

    [Fact]
    public async Task A_failing_item_reports_weaviates_message_while_its_siblings_are_stored()
    {
        await _server.ImportAsync(Obj("Book", Id(1), """{"pages":10}"""));
        var reply = await _server.ImportAsync(
            Obj("Book", Id(2), """{"pages":20}"""),
            Obj("Book", Id(3), """{"pages":"many"}"""),
            Obj("", Id(4), """{"pages":30}"""),
            Obj("Book", Id(5), """{"pages":40}"""));
        var items = reply.Json.AsArray();
        Assert.Equal(["SUCCESS", "FAILED", "FAILED", "SUCCESS"], items.Select(i => Status(i!)));
        Assert.Equal("invalid number property 'pages' on class 'Book': requires a float, the given value is 'many'", Error(items[1]!));
        Assert.Equal("object has an empty class", Error(items[2]!));
        // A failed item still echoes its id, timestamps and the properties as sent.
        Assert.Equal(Id(3), (string)items[1]!["id"]!);
        Assert.Equal("many", (string)items[1]!["properties"]!["pages"]!);
        Assert.NotNull(items[1]!["creationTimeUnix"]);
        Assert.NotNull(await _server.GetObjectAsync("Book", Id(2)));
        Assert.Null(await _server.GetObjectAsync("Book", Id(3)));
        Assert.NotNull(await _server.GetObjectAsync("Book", Id(5)));
        Assert.Equal(3, await _server.CountAsync("Book"));
    }

    [Fact]
    public async Task A_word_too_long_for_an_index_entry_fails_its_object_alone_and_is_stored_where_not_indexed()
    {
        await _server.CreateClassAsync("""
            {"class":"Note","properties":[{"name":"title","dataType":["text"]},
              {"name":"code","dataType":["text"],"tokenization":"field"},
              {"name":"raw","dataType":["text"],"indexFilterable":false,"indexSearchable":false}]}
            """);
        var word = new string('x', 3_000);
        var reply = await _server.ImportAsync(
            Obj("Note", Id(1), """{"title":"short words only"}"""),
            Obj("Note", Id(2), $$"""{"title":"a {{word}} b"}"""),
            Obj("Note", Id(3), $$"""{"code":"{{new string('y', 1_500)}} {{new string('z', 1_500)}}"}"""),
            Obj("Note", Id(4), $$"""{"raw":"{{word}}"}"""),
            Obj("Note", Id(5), $$"""{"title":"{{new string('w', 1_000)}} {{new string('v', 1_000)}} {{new string('u', 1_000)}}"}"""));
        var items = reply.Json.AsArray();
        Assert.Equal(["SUCCESS", "FAILED", "FAILED", "SUCCESS", "SUCCESS"], items.Select(i => Status(i!)));
        Assert.Equal("invalid text property 'title' on class 'Note': a word of 3000 bytes is longer than the 2000 bytes an index entry holds; " +
                     "store such values in a property with indexFilterable false", Error(items[1]!));
        Assert.Contains("a word of 3001 bytes", Error(items[2]!)); // field tokenization: the whole value is one word
        Assert.Equal(word, (string)(await _server.GetObjectAsync("Note", Id(4)))!["properties"]!["raw"]!);
        Assert.Equal(3, await _server.CountAsync("Note"));
    }

    [Fact]
    public async Task A_lower_indexed_word_limit_fails_only_the_object_with_a_longer_word_and_is_published_in_meta()
    {
        await using var server = await TestServer.StartAsync(o => o with { MaxIndexedWordBytes = 10 });
        Assert.Equal(10, (int)(await server.GetAsync("/v1/meta")).Json["limits"]!["maxIndexedWordBytes"]!);
        await server.CreateClassAsync("""
            {"class":"Note","properties":[{"name":"title","dataType":["text"]},
              {"name":"tags","dataType":["text[]"]},
              {"name":"raw","dataType":["text"],"indexFilterable":false,"indexSearchable":false}]}
            """);
        var reply = await server.ImportAsync(
            Obj("Note", Id(1), """{"title":"tenletters and short words"}"""),
            Obj("Note", Id(2), """{"title":"one elevenchars word"}"""),
            Obj("Note", Id(3), """{"tags":["ok","élevenbyte"]}"""),
            Obj("Note", Id(4), """{"raw":"a word far longer than ten bytes"}"""));
        var items = reply.Json.AsArray();
        Assert.Equal(["SUCCESS", "FAILED", "FAILED", "SUCCESS"], items.Select(i => Status(i!)));
        Assert.Equal("invalid text property 'title' on class 'Note': a word of 11 bytes is longer than the 10 bytes an index entry holds; " +
                     "store such values in a property with indexFilterable false", Error(items[1]!));
        Assert.Contains("a word of 11 bytes", Error(items[2]!)); // é is two bytes in UTF-8
        Assert.NotNull(await server.GetObjectAsync("Note", Id(1)));
        Assert.Null(await server.GetObjectAsync("Note", Id(2)));
        Assert.Equal(2, await server.CountAsync("Note"));
    }

    [Fact]
    public async Task Auto_schema_refuses_a_class_name_the_schema_endpoint_would_refuse_and_creates_no_class()
    {
        var reply = await _server.ImportAsync(
            Obj("Book", Id(1), """{"pages":1}"""),
            Obj("my class", Id(2), """{"pages":2}"""),
            Obj("Nul\u0000", Id(3), """{"pages":3}"""));
        var items = reply.Json.AsArray();
        Assert.Equal(["SUCCESS", "FAILED", "FAILED"], items.Select(i => Status(i!)));
        Assert.Equal("'My class' is not a valid class name", Error(items[1]!));
        Assert.Equal("'Nul\u0000' is not a valid class name", Error(items[2]!));
        var classes = (await _server.GetAsync("/v1/schema")).Json["classes"]!.AsArray();
        Assert.Equal(["Book"], classes.Select(c => (string)c!["class"]!));
    }

    [Fact]
    public async Task A_nul_character_in_an_indexed_text_is_stored_and_found_without_failing_its_neighbours()
    {
        await _server.CreateClassAsync("""{"class":"Code","properties":[{"name":"value","dataType":["text"],"tokenization":"field"}]}""");
        var reply = await _server.ImportAsync(Obj("Code", Id(1), """{"value":"a\u0000b"}"""), Obj("Code", Id(2), """{"value":"ok"}"""));
        Assert.Equal(["SUCCESS", "SUCCESS"], reply.Json.AsArray().Select(i => Status(i!)));
        Assert.Equal("a\u0000b", (string)(await _server.GetObjectAsync("Code", Id(1)))!["properties"]!["value"]!);
        var found = await _server.DeleteWhereAsync("Code", """{"operator":"Equal","path":["value"],"valueText":"a\u0000b"}""", "verbose", dryRun: true);
        Assert.Equal(1, (int)found.Json["results"]!["matches"]!);
    }

    [Fact]
    public async Task Generated_ids_are_uuid_v7_and_increase_within_a_batch()
    {
        var objects = Enumerable.Range(0, 50).Select(i => (JsonNode)Obj("Note", null, $$"""{"i":{{i}}}""")).ToArray();
        var reply = await _server.ImportAsync(objects);
        var ids = reply.Json.AsArray().Select(i => (string)i!["id"]!).ToList();
        Assert.All(ids, id =>
        {
            Assert.Equal(36, id.Length);
            Assert.Equal('7', id[14]);
            Assert.Equal(id.ToLowerInvariant(), id);
        });
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Equal(50, ids.Distinct().Count());
        Assert.Equal(50, await _server.CountAsync("Note"));
    }

    [Fact]
    public async Task Supplied_ids_are_kept()
    {
        var id = "6f1c3c0e-8a4e-4b8e-9a3c-0c5f1b2d7e11";
        var reply = await _server.ImportAsync(Obj("Article", id, """{"title":"Alpha"}"""));
        Assert.Equal(id, (string)reply.Json[0]!["id"]!);
        Assert.Equal("Alpha", (string)(await _server.GetObjectAsync("Article", id))!["properties"]!["title"]!);
    }

    [Fact]
    public async Task Importing_an_existing_id_replaces_the_whole_object()
    {
        await _server.ImportAsync(Obj("Article", Id(1), """{"title":"Old","tags":["a","b"],"gone":"yes"}"""));
        var reply = await _server.ImportAsync(Obj("Article", Id(1), """{"title":"New","tags":["c"]}"""));
        Assert.Equal("SUCCESS", Status(reply.Json[0]!));
        var stored = (await _server.GetObjectAsync("Article", Id(1)))!["properties"]!;
        Assert.Equal("New", (string)stored["title"]!);
        Assert.Equal(["c"], stored["tags"]!.AsArray().Select(t => (string)t!));
        Assert.Null(stored["gone"]);
        Assert.Equal(1, await _server.CountAsync("Article"));
    }

    [Fact]
    public async Task Duplicate_ids_in_one_batch_all_succeed_and_the_last_one_wins()
    {
        var reply = await _server.ImportAsync(
            Obj("Article", Id(7), """{"title":"first"}"""),
            Obj("Article", Id(8), """{"title":"other"}"""),
            Obj("Article", Id(7), """{"title":"second"}"""),
            Obj("Article", Id(7), """{"title":"third"}"""));
        Assert.All(reply.Json.AsArray(), i => Assert.Equal("SUCCESS", Status(i!)));
        Assert.Equal("4", reply.Headers["X-Batch-Succeeded"]);
        Assert.Equal("third", (string)(await _server.GetObjectAsync("Article", Id(7)))!["properties"]!["title"]!);
        Assert.Equal(2, await _server.CountAsync("Article"));
    }

    [Fact]
    public async Task The_same_id_in_two_classes_makes_two_objects()
    {
        var reply = await _server.ImportAsync(Obj("Left", Id(1), """{"x":"l"}"""), Obj("Right", Id(1), """{"x":"r"}"""));
        Assert.All(reply.Json.AsArray(), i => Assert.Equal("SUCCESS", Status(i!)));
        Assert.Equal("l", (string)(await _server.GetObjectAsync("Left", Id(1)))!["properties"]!["x"]!);
        Assert.Equal("r", (string)(await _server.GetObjectAsync("Right", Id(1)))!["properties"]!["x"]!);
    }

    [Fact]
    public async Task Auto_schema_creates_two_unknown_classes_and_upper_cases_their_names()
    {
        var reply = await _server.ImportAsync(Obj("article", Id(1), """{"Title":"x","wordCount":5}"""), Obj("Person", Id(2), """{"name":"y"}"""));
        var items = reply.Json.AsArray();
        Assert.All(items, i => Assert.Equal("SUCCESS", Status(i!)));
        Assert.Equal("Article", (string)items[0]!["class"]!);
        Assert.Equal("x", (string)items[0]!["properties"]!["title"]!);
        Assert.Equal(5, (int)items[0]!["properties"]!["wordCount"]!);
        Assert.Equal(1, await _server.CountAsync("Article"));
        Assert.Equal(1, await _server.CountAsync("Person"));
    }

    [Fact]
    public async Task Without_auto_schema_unknown_classes_and_properties_fail_at_their_index()
    {
        await using var strict = await TestServer.StartAsync(o => o with { AutoSchemaEnabled = false });
        await strict.CreateClassAsync("""{"class":"Known","properties":[{"name":"title","dataType":["text"]}]}""");
        var reply = await strict.ImportAsync(
            Obj("Known", Id(1), """{"title":"ok"}"""),
            Obj("Nope", Id(2), """{"x":1}"""),
            Obj("Known", Id(3), """{"title":"ok","extra":1}"""),
            Obj("known", Id(4), """{"title":"lower"}"""));
        var items = reply.Json.AsArray();
        Assert.Equal(["SUCCESS", "FAILED", "FAILED", "FAILED"], items.Select(i => Status(i!)));
        Assert.Equal("class 'Nope' not present in schema", Error(items[1]!));
        Assert.Equal("no such prop with name 'extra' found in class 'Known' in the schema. Check your schema files for which properties in this class are available", Error(items[2]!));
        // Without auto-schema the class name is used verbatim.
        Assert.Equal("class 'known' not present in schema", Error(items[3]!));
        Assert.Equal("1", reply.Headers["X-Batch-Succeeded"]);
        Assert.Equal("3", reply.Headers["X-Batch-Failed"]);
    }

    [Fact]
    public async Task Vector_only_objects_import_and_read_back_with_their_vector()
    {
        var o = new JsonObject { ["class"] = "Vec", ["id"] = Id(1), ["vector"] = J("[0.1,0.2,0.3]") };
        var reply = await _server.ImportAsync(o);
        Assert.Equal("SUCCESS", Status(reply.Json[0]!));
        Assert.Equal(3, reply.Json[0]!["vector"]!.AsArray().Count);
        var stored = (await _server.GetAsync($"/v1/objects/Vec/{Id(1)}?include=vector")).Json;
        Assert.Equal([0.1f, 0.2f, 0.3f], stored["vector"]!.AsArray().Select(v => (float)v!));
    }

    [Fact]
    public async Task A_vector_of_another_length_fails_only_that_item()
    {
        var reply = await _server.ImportAsync(
            new JsonObject { ["class"] = "Vec", ["id"] = Id(1), ["vector"] = J("[1,2,3]") },
            new JsonObject { ["class"] = "Vec", ["id"] = Id(2), ["vector"] = J("[1,2]") },
            new JsonObject { ["class"] = "Vec", ["id"] = Id(3), ["vector"] = J("[4,5,6]") });
        var items = reply.Json.AsArray();
        Assert.Equal(["SUCCESS", "FAILED", "SUCCESS"], items.Select(i => Status(i!)));
        Assert.Contains("new node has a vector with length 2. Existing nodes have vectors with length 3", Error(items[1]!));
    }

    [Fact]
    public async Task Timestamps_are_the_same_batch_now_for_every_item()
    {
        var reply = await _server.ImportAsync(Obj("Note", Id(1)), Obj("Note", Id(2)));
        var items = reply.Json.AsArray();
        var created = (long)items[0]!["creationTimeUnix"]!;
        Assert.True(created > 1_700_000_000_000);
        Assert.All(items, i =>
        {
            Assert.Equal(created, (long)i!["creationTimeUnix"]!);
            Assert.Equal(created, (long)i["lastUpdateTimeUnix"]!);
        });
    }

    [Fact]
    public async Task The_seed_documents_author_with_a_writesFor_beacon_imports()
    {
        // From the user's batch document: publication first, then the author pointing at it with a class-less beacon.
        await _server.ImportAsync(Obj("Publication", "f81bfe5e-16ba-4615-a516-46c2ae2e5a80", """{"name":"The New York Times"}"""));
        var reply = await _server.ImportAsync(Obj("Author", "36ddd591-2dee-4e7e-a3cc-eb86d30a4303",
            """{"name":"Jane Doe","writesFor":[{"beacon":"weaviate://localhost/f81bfe5e-16ba-4615-a516-46c2ae2e5a80"}]}"""));
        var item = reply.Json[0]!;
        Assert.Equal("SUCCESS", Status(item));
        Assert.Equal("weaviate://localhost/Publication/f81bfe5e-16ba-4615-a516-46c2ae2e5a80", (string)item["properties"]!["writesFor"]![0]!["beacon"]!);
        var stored = (await _server.GetObjectAsync("Author", "36ddd591-2dee-4e7e-a3cc-eb86d30a4303"))!;
        Assert.Equal("/v1/objects/Publication/f81bfe5e-16ba-4615-a516-46c2ae2e5a80", (string)stored["properties"]!["writesFor"]![0]!["href"]!);
    }

    [Fact]
    public async Task A_reference_to_a_missing_object_fails_with_weaviates_cref_message()
    {
        await _server.ImportAsync(Obj("Publication", Id(1), """{"name":"P"}"""));
        await _server.ImportAsync(Obj("Author", Id(2), $$"""{"name":"A","writesFor":[{"beacon":"weaviate://localhost/Publication/{{Id(1)}}"}]}"""));
        var reply = await _server.ImportAsync(Obj("Author", Id(3), $$"""{"name":"B","writesFor":[{"beacon":"weaviate://localhost/Publication/{{Id(99)}}"}]}"""));
        Assert.Equal("FAILED", Status(reply.Json[0]!));
        Assert.Equal($"invalid cref: 'cref' Author:writesFor: no object with id {Id(99)} found", Error(reply.Json[0]!));
    }

    [Fact]
    public async Task Objects_may_reference_objects_created_earlier_in_the_same_batch()
    {
        var reply = await _server.ImportAsync(
            Obj("Publication", Id(1), """{"name":"P"}"""),
            Obj("Author", Id(2), $$"""{"name":"A","writesFor":[{"beacon":"weaviate://localhost/{{Id(1)}}"}]}"""),
            Obj("Author", Id(3), $$"""{"name":"B","writesFor":[{"beacon":"weaviate://localhost/Publication/{{Id(1)}}"}]}"""));
        Assert.All(reply.Json.AsArray(), i => Assert.Equal("SUCCESS", Status(i!)));
        Assert.Equal($"weaviate://localhost/Publication/{Id(1)}", (string)reply.Json[1]!["properties"]!["writesFor"]![0]!["beacon"]!);
        Assert.NotNull(await _server.GetObjectAsync("Author", Id(3)));
    }

    [Fact]
    public async Task A_reference_to_a_failed_item_of_the_same_batch_is_not_accepted()
    {
        await _server.ImportAsync(Obj("Publication", Id(50), """{"name":"seed","size":1}"""));
        var reply = await _server.ImportAsync(
            Obj("Publication", Id(1), """{"name":"P","size":"big"}"""),
            Obj("Author", Id(2), $$"""{"name":"A","writesFor":[{"beacon":"weaviate://localhost/Publication/{{Id(1)}}"}]}"""));
        Assert.Equal(["FAILED", "FAILED"], reply.Json.AsArray().Select(i => Status(i!)));
        Assert.Contains($"no object with id {Id(1)} found", Error(reply.Json[1]!));
    }
}
