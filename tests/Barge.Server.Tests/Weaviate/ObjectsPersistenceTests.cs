using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.Weaviate.ObjectsAssert;

namespace Barge.Server.Tests.Weaviate;

public sealed class ObjectsPersistenceTests
{
    [Fact]
    public async Task Objects_schema_vectors_and_timestamps_survive_a_restart()
    {
        var server = await TestServer.StartAsync();
        try
        {
            const string id = "e0000000-0000-4000-8000-000000000001";
            var created = await CreateAsync(server, $$$"""{"class":"Keep","id":"{{{id}}}","properties":{"title":"Alpha","n":3,"when":"2020-01-01T00:00:00+02:00"},"vector":[1,2]}""");
            Status(await server.PatchAsync($"/v1/objects/Keep/{id}", """{"properties":{"title":"Beta"}}"""), 204);
            var before = (await server.GetAsync($"/v1/objects/Keep/{id}?include=vector")).Json;
            var deleted = (string)(await CreateAsync(server, """{"class":"Keep","properties":{"title":"gone"}}"""))["id"]!;
            Status(await server.DeleteAsync($"/v1/objects/Keep/{deleted}"), 204);

            server = await server.RestartAsync();

            var after = await server.GetAsync($"/v1/objects/Keep/{id}?include=vector");
            Status(after, 200);
            Assert.True(JsonNode.DeepEquals(before, after.Json), $"before {before.ToJsonString()}\nafter  {after.Body}");
            Assert.Equal((long)created["creationTimeUnix"]!, (long)after.Json["creationTimeUnix"]!);
            EmptyNotFound(await server.GetAsync($"/v1/objects/Keep/{deleted}"));
            Assert.Equal("number", (string)(await server.GetAsync("/v1/schema/Keep")).Json["properties"]!.AsArray()
                .Single(p => (string)p!["name"]! == "n")!["dataType"]![0]!);
            Error(await server.PostAsync("/v1/objects", """{"class":"Keep","vector":[1]}"""), 422,
                "invalid object: new node has a vector with length 1. Existing nodes have vectors with length 2");
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
