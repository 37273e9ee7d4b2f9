using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.Weaviate;

/// <summary>Whole-request answers of POST /v1/batch/objects (spec §1.3) and the count headers.</summary>
public sealed class BatchObjectsRequestTests : IAsyncLifetime
{
    private TestServer _server = null!;
    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync();
    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("""{"objects":[]}""")]
    [InlineData("""{}""")]
    public async Task Empty_or_missing_objects_is_422_with_weaviates_message(string body)
    {
        var reply = await _server.PostAsync("/v1/batch/objects", body);
        Assert.Equal(422, reply.Status);
        Assert.Equal("invalid param 'objects': cannot be empty, need at least one object for batching", reply.ErrorMessage);
    }

    [Fact]
    public async Task A_bad_id_fails_the_whole_request_in_the_framework_shape_and_stores_nothing()
    {
        var reply = await _server.PostAsync("/v1/batch/objects", """{"objects":[{"class":"A","id":"abc"}]}""");
        Assert.Equal(422, reply.Status);
        Assert.Equal(601, (int)reply.Json["code"]!);
        Assert.Equal("body.objects.0.id in body must be of type uuid: \"abc\"", (string)reply.Json["message"]!);

        var second = await _server.PostAsync("/v1/batch/objects", $$"""{"objects":[{"class":"A","id":"{{Id(1)}}"},{"class":"A","id":"nope"}]}""");
        Assert.Equal("body.objects.1.id in body must be of type uuid: \"nope\"", (string)second.Json["message"]!);
        Assert.Null(await _server.GetObjectAsync("A", Id(1)));
    }

    [Fact]
    public async Task A_fields_value_outside_the_enum_is_422_with_code_606()
    {
        var reply = await _server.PostAsync("/v1/batch/objects", """{"objects":[{"class":"A"}],"fields":["ALL","bogus"]}""");
        Assert.Equal(422, reply.Status);
        Assert.Equal(606, (int)reply.Json["code"]!);
        Assert.Equal("fields.1 in body should be one of [ALL class schema id creationTimeUnix]", (string)reply.Json["message"]!);
    }

    [Fact]
    public async Task Valid_fields_are_accepted_and_ignored()
    {
        var reply = await _server.PostAsync("/v1/batch/objects", $$$"""{"objects":[{"class":"A","id":"{{{Id(1)}}}","properties":{"x":"y"}}],"fields":["id"]}""");
        Assert.Equal(200, reply.Status);
        Assert.Equal("y", (string)reply.Json[0]!["properties"]!["x"]!);
        Assert.Equal("A", (string)reply.Json[0]!["class"]!);
    }

    [Theory]
    [InlineData("one")]
    [InlineData("EVENTUAL")]
    public async Task An_unknown_consistency_level_is_400(string level)
    {
        var reply = await _server.PostAsync($"/v1/batch/objects?consistency_level={level}", """{"objects":[{"class":"A"}]}""");
        Assert.Equal(400, reply.Status);
        Assert.Equal($"unrecognized consistency level '{level}', try one of the following: ['ONE', 'QUORUM', 'ALL']", reply.ErrorMessage);
    }

    [Theory]
    [InlineData("ONE")]
    [InlineData("QUORUM")]
    [InlineData("ALL")]
    public async Task Known_consistency_levels_are_accepted(string level)
    {
        var reply = await _server.PostAsync($"/v1/batch/objects?consistency_level={level}", """{"objects":[{"class":"A"}]}""");
        Assert.Equal(200, reply.Status);
    }

    [Fact]
    public async Task Malformed_json_is_a_framework_400()
    {
        var reply = await _server.PostAsync("/v1/batch/objects", """{"objects":[""");
        Assert.Equal(400, reply.Status);
        Assert.Equal(400, (int)reply.Json["code"]!);
        Assert.StartsWith("parsing body body from \"\" failed, because ", (string)reply.Json["message"]!);
    }

    [Fact]
    public async Task Count_headers_are_set_on_a_mixed_batch()
    {
        var reply = await _server.PostAsync("/v1/batch/objects", """{"objects":[{"class":"A"},{"class":""},{"class":"A"},{"class":""},{"class":""}]}""");
        Assert.Equal(200, reply.Status);
        Assert.Equal("2", reply.Headers["X-Batch-Succeeded"]);
        Assert.Equal("3", reply.Headers["X-Batch-Failed"]);
    }

    [Fact]
    public async Task Count_headers_are_set_on_reference_and_delete_answers()
    {
        await _server.ImportAsync(Obj("Target", Id(1), """{"n":"t"}"""), Obj("Source", Id(2), $$"""{"to":[{"beacon":"weaviate://localhost/Target/{{Id(1)}}"}]}"""));
        var refs = await _server.PostAsync("/v1/batch/references", J($$"""[ {"from":"weaviate://localhost/Source/{{Id(2)}}/to","to":"weaviate://localhost/Target/{{Id(1)}}"}, {"from":"weaviate://localhost/Source/{{Id(9)}}/to","to":"weaviate://localhost/Target/{{Id(1)}}"}]"""));
        Assert.Equal("1", refs.Headers["X-Batch-Succeeded"]);
        Assert.Equal("1", refs.Headers["X-Batch-Failed"]);

        var delete = await _server.DeleteWhereAsync("Target", """{"operator":"Like","path":["id"],"valueText":"*"}""");
        Assert.Equal("1", delete.Headers["X-Batch-Succeeded"]);
        Assert.Equal("0", delete.Headers["X-Batch-Failed"]);
    }

    [Fact]
    public async Task A_non_object_item_is_a_framework_error()
    {
        var reply = await _server.PostAsync("/v1/batch/objects", """{"objects":[{"class":"A"}, 5]}""");
        Assert.Equal(422, reply.Status);
        Assert.Equal(601, (int)reply.Json["code"]!);
    }
}
