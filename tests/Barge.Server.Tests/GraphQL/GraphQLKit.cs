using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;

namespace Barge.Server.Tests.GraphQL;

/// <summary>Posting GraphQL queries as the REST-era clients do, and reading their answers.</summary>
internal static class GraphQLKit
{
    public static Task<Reply> GraphQLAsync(this TestServer server, string query, JsonObject? variables = null, string? token = null,
        string? operationName = null)
    {
        var body = new JsonObject { ["query"] = query };
        if (operationName is not null) body["operationName"] = operationName;
        if (variables is not null) body["variables"] = variables;
        return server.PostAsync("/v1/graphql", body, token);
    }

    /// <summary>The data of an answer that must have no errors.</summary>
    public static async Task<JsonNode> DataAsync(this TestServer server, string query, JsonObject? variables = null, string? operationName = null)
    {
        var reply = await server.GraphQLAsync(query, variables, operationName: operationName);
        Assert.True(reply.Status == 200, reply.ToString());
        Assert.True(reply.Json["errors"] is null, reply.ToString());
        return reply.Json["data"]!;
    }

    /// <summary>The messages of an answer that must be HTTP 200 with errors (GraphQL's way of failing).</summary>
    public static async Task<List<string>> ErrorsAsync(this TestServer server, string query, JsonObject? variables = null)
    {
        var reply = await server.GraphQLAsync(query, variables);
        Assert.True(reply.Status == 200, reply.ToString());
        var errors = reply.Json["errors"] as JsonArray;
        Assert.True(errors is { Count: > 0 }, reply.ToString());
        return errors!.Select(e => (string)e!["message"]!).ToList();
    }

    public static List<string> Ids(JsonNode? list) =>
        (list as JsonArray ?? []).Select(o => (string)o!["_additional"]!["id"]!).ToList();
}
