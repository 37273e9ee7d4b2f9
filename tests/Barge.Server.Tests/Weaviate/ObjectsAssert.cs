using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;

namespace Barge.Server.Tests.Weaviate;

/// <summary>Assertions on Weaviate's three error shapes and a few object helpers shared by the object/auth/limit tests.</summary>
internal static class ObjectsAssert
{
    public static void Status(Reply reply, int status) => Assert.True(reply.Status == status, $"expected {status}, got {reply}");

    public static void Error(Reply reply, int status, string message)
    {
        Status(reply, status);
        Assert.Equal(message, reply.ErrorMessage);
        Assert.Single(reply.Json["error"]!.AsArray());
    }

    public static void Framework(Reply reply, int status, int code, string message)
    {
        Status(reply, status);
        Assert.Equal(code, (int)reply.Json["code"]!);
        Assert.Equal(message, (string)reply.Json["message"]!);
    }

    public static void EmptyNotFound(Reply reply)
    {
        Status(reply, 404);
        Assert.Equal("", reply.Body);
    }

    public static JsonObject Body(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>Creates a class through the schema API (auto-schema off needs classes up front).</summary>
    public static async Task CreateClassAsync(TestServer server, string json)
    {
        var reply = await server.PostAsync("/v1/schema", json);
        Status(reply, 200);
    }

    /// <summary>POSTs an object and returns its JSON, failing the test unless it was created.</summary>
    public static async Task<JsonNode> CreateAsync(TestServer server, string json)
    {
        var reply = await server.PostAsync("/v1/objects", json);
        Status(reply, 200);
        return reply.Json;
    }
}
