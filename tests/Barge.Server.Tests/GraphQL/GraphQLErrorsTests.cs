using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.GraphQL;

/// <summary>
/// What goes wrong comes back as Weaviate answers it: GraphQL errors with HTTP 200 in <c>errors</c> (message,
/// locations), a request that is no query at all as a 422 in the REST error shape; never a 500. Also the batch route.
/// </summary>
public sealed class GraphQLErrorsTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await _server.CreateClassAsync("""{"class":"Article","properties":[{"name":"title","dataType":["text"]},{"name":"wordCount","dataType":["int"]}]}""");
        await _server.CreateClassAsync("""{"class":"Owned","multiTenancyConfig":{"enabled":true},"properties":[{"name":"title","dataType":["text"]}]}""");
        Assert.Equal(200, (await _server.ImportAsync(Obj("Article", Id(1), """{"title":"A","wordCount":1}"""))).Status);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task An_unknown_class_is_named_in_graphql_gos_words()
    {
        var reply = await _server.GraphQLAsync("{Get{Nope{title}}}");
        Assert.Equal(200, reply.Status);
        var error = reply.Json["errors"]![0]!;
        Assert.Equal("Cannot query field \"Nope\" on type \"GetObjectsObj\".", (string)error["message"]!);
        Assert.Equal(1, (int)error["locations"]![0]!["line"]!);
        Assert.Null(error["extensions"]);
    }

    [Fact]
    public async Task A_bad_filter_is_an_error_naming_the_property_and_the_field_answers_null()
    {
        var reply = await _server.GraphQLAsync("""{Get{Article(where:{operator:Equal,path:["nope"],valueText:"x"}){title}}}""");
        Assert.Equal(200, reply.Status);
        Assert.Contains("nope", (string)reply.Json["errors"]![0]!["message"]!);
        Assert.Equal(["Get", "Article"], reply.Json["errors"]![0]!["path"]!.AsArray().Select(p => (string)p!));
        Assert.Null(reply.Json["data"]!["Get"]!["Article"]);

        var wrongType = await _server.ErrorsAsync("""{Get{Article(where:{operator:Equal,path:["wordCount"],valueText:"x"}){title}}}""");
        Assert.Contains("valueText", wrongType[0]);
        var noOperator = await _server.ErrorsAsync("""{Get{Article(where:{path:["title"],valueText:"x"}){title}}}""");
        Assert.Contains("operator", noOperator[0]);
    }

    [Fact]
    public async Task Bad_arguments_and_syntax_are_errors_not_server_failures()
    {
        Assert.Contains("limit", (await _server.ErrorsAsync("""{Get{Article(limit:"ten"){title}}}"""))[0]);
        Assert.Contains("bogus", (await _server.ErrorsAsync("{Get{Article(bogus:1){title}}}"))[0]);
        Assert.NotEmpty(await _server.ErrorsAsync("{Get{Article{title"));
        Assert.Contains("after", (await _server.ErrorsAsync("""{Get{Article(after:"@0",offset:1){title}}}""".Replace("@0", Id(1))))[0]);
        Assert.Contains("sort", (await _server.ErrorsAsync("""{Get{Article(sort:[{path:["nope"]}]){title}}}"""))[0]);
        Assert.Contains("multi-tenancy enabled", (await _server.ErrorsAsync("{Get{Owned{title}}}"))[0]);
    }

    [Fact]
    public async Task An_empty_query_is_refused_with_422_in_the_rest_error_shape()
    {
        var reply = await _server.PostAsync("/v1/graphql", new JsonObject { ["query"] = "" });
        Assert.Equal(422, reply.Status);
        Assert.Equal("query cannot be empty", reply.ErrorMessage);
        var notAnObject = await _server.PostAsync("/v1/graphql", new JsonArray(1));
        Assert.True(notAnObject.Status is 422 or 400, notAnObject.ToString());
    }

    [Fact]
    public async Task The_batch_answers_each_query_in_order_and_a_bad_item_on_its_own()
    {
        var body = new JsonArray(
            new JsonObject { ["query"] = "{Get{Article{title}}}" },
            new JsonObject { ["query"] = "{Get{Article{title}}}", ["variables"] = new JsonArray(1, 2, 3) },
            new JsonObject { ["query"] = "{Aggregate{Article{meta{count}}}}" });
        var reply = await _server.PostAsync("/v1/graphql/batch", body);
        Assert.Equal(200, reply.Status);
        var answers = reply.Json.AsArray();
        Assert.Equal(3, answers.Count);
        Assert.Equal("A", (string)answers[0]!["data"]!["Get"]!["Article"]![0]!["title"]!);
        Assert.Equal("422: expected map[string]interface{}, received [1 2 3]", (string)answers[1]!["errors"]![0]!["message"]!);
        Assert.Equal(1, (int)answers[2]!["data"]!["Aggregate"]!["Article"]![0]!["meta"]!["count"]!);
    }
}
