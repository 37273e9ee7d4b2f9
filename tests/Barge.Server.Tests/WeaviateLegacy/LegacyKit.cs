using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;

namespace Barge.Server.Tests.WeaviateLegacy;

/// <summary>The classes and ids of the 0.x batching documentation (seeds/000), and helpers for the 0.x routes.</summary>
internal static class LegacyKit
{
    public const string Publication = "f81bfe5e-16ba-4615-a516-46c2ae2e5a80";
    public const string Jane = "36ddd591-2dee-4e7e-a3cc-eb86d30a4303";
    public const string John = "36ddd591-2dee-4e7e-a3cc-eb86d30a4304";
    public const string Article1 = "6bb06a43-e7f0-393e-9ecf-3c0f4e129064";
    public const string Article2 = "b72912b9-e5d7-304e-a654-66dc63c55b32";

    public static JsonNode J(string json) => JsonNode.Parse(json)!;

    /// <summary>
    /// Publication, Article and Author as things, and the Publication the Authors write for (reference targets of an
    /// object import must exist), as the documentation's examples assume.
    /// </summary>
    public static async Task CreateDocumentationSchemaAsync(this TestServer server)
    {
        await server.CreateKindClassAsync("things", """{"class":"Publication","properties":[{"name":"name","dataType":["string"]}]}""");
        await server.CreateKindClassAsync("things", """{"class":"Article","properties":[{"name":"title","dataType":["string"]}]}""");
        await server.CreateKindClassAsync("things", """
            {"class":"Author","properties":[{"name":"name","dataType":["string"]},
              {"name":"writesFor","dataType":["Publication"]},{"name":"wroteArticles","dataType":["Article"]}]}
            """);
        var publication = await server.PostAsync("/v1/batching/things", $$$"""{"things":[{"class":"Publication","id":"{{{Publication}}}","schema":{"name":"Times"}}]}""");
        Assert.True(publication.Headers["X-Batch-Succeeded"] == "1", publication.ToString());
    }

    public static async Task CreateKindClassAsync(this TestServer server, string kind, string classJson)
    {
        var reply = await server.PostAsync($"/v1/schema/{kind}", classJson);
        Assert.True(reply.Status == 200, reply.ToString());
    }

    /// <summary>The request body of the documentation's batching example (Jane and John Doe writing for one Publication).</summary>
    public static string AuthorsBatch(string fields = "") => $$$"""
        {{{{fields}}}"things":[
          {"class":"Author","id":"{{{Jane}}}","schema":{"name":"Jane Doe","writesFor":[{"beacon":"weaviate://localhost/things/{{{Publication}}}"}]}},
          {"class":"Author","id":"{{{John}}}","schema":{"name":"John Doe","writesFor":[{"beacon":"weaviate://localhost/things/{{{Publication}}}"}]}}
        ]}
        """;

    public static string? Message(JsonNode item) => (string?)item["result"]?["errors"]?["error"]?[0]?["message"];
}
