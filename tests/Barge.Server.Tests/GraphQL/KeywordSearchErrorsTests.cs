using Barge.Server.Grpc.Protocol;
using Barge.Server.Tests.Support;
using Grpc.Core;
using WeaviateClient = Barge.Server.Grpc.Protocol.Weaviate.WeaviateClient;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.GraphQL;

/// <summary>
/// Bad keyword and hybrid searches come back as the dialect's refusal, never a server failure: GraphQL errors (HTTP 200,
/// <c>errors</c>, the field null) and gRPC INVALID_ARGUMENT, with the same Core message; and nothing is changed.
/// </summary>
public sealed class KeywordSearchErrorsTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private global::Grpc.Net.Client.GrpcChannel _channel = null!;
    private WeaviateClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _channel = _server.GrpcChannel();
        _client = new WeaviateClient(_channel);
        await _server.CreateClassAsync("""
            {"class":"Note","properties":[{"name":"title","dataType":["text"]},{"name":"body","dataType":["text"]},
              {"name":"code","dataType":["text"],"indexSearchable":false},{"name":"n","dataType":["int"]}]}
            """);
        await _server.CreateClassAsync("""{"class":"Count","properties":[{"name":"n","dataType":["int"]}]}""");
        Assert.Equal(200, (await _server.ImportAsync(Obj("Note", Id(1), """{"title":"red fox","body":"quick","code":"red","n":1}"""))).Status);
        Assert.Equal(200, (await _server.ImportAsync(Obj("Count", Id(2), """{"n":1}"""))).Status);
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<string> GraphQLErrorAsync(string arguments, string cls = "Note")
    {
        var reply = await _server.GraphQLAsync("{Get{" + cls + "(" + arguments + "){_additional{id score}}}}");
        Assert.Equal(200, reply.Status);
        var errors = reply.Json["errors"] as System.Text.Json.Nodes.JsonArray;
        Assert.True(errors is { Count: > 0 }, reply.ToString());
        Assert.Null(reply.Json["data"]!["Get"]![cls]);
        return (string)errors![0]!["message"]!;
    }

    private async Task<string> GrpcErrorAsync(SearchRequest request)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => _client.SearchAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        return ex.Status.Detail;
    }

    private static SearchRequest Search(string collection = "Note") => new()
    {
        Collection = collection, Uses127Api = true, Metadata = new MetadataRequest { Uuid = true, Score = true },
    };

    [Fact]
    public async Task Bm25_on_a_class_without_searchable_properties_is_refused()
    {
        Assert.Contains("no searchable text property", await GraphQLErrorAsync("""bm25:{query:"x"}""", "Count"));
        var request = Search("Count");
        request.Bm25Search = new BM25 { Query = "x" };
        Assert.Contains("no searchable text property", await GrpcErrorAsync(request));
    }

    [Fact]
    public async Task An_unknown_or_unsearchable_or_non_text_property_is_refused_with_weaviates_message()
    {
        foreach (var property in new[] { "nope", "code", "n" })
        {
            var expected = $"Searching by property '{property}' requires inverted index. Is `indexSearchable` option of property '{property}' enabled? Set it to `true` or leave empty";
            Assert.Equal(expected, await GraphQLErrorAsync($$"""bm25:{query:"red",properties:["{{property}}"]}"""));
            Assert.Equal(expected, await GraphQLErrorAsync($$"""hybrid:{query:"red",alpha:0,properties:["{{property}}"]}"""));
            var request = Search();
            request.Bm25Search = new BM25 { Query = "red", Properties = { property } };
            Assert.Equal(expected, await GrpcErrorAsync(request));
        }
        Assert.Contains("invalid boost", await GraphQLErrorAsync("""bm25:{query:"red",properties:["title^x"]}"""));
    }

    [Fact]
    public async Task A_bad_alpha_or_a_hybrid_without_a_vector_is_refused()
    {
        Assert.Contains("alpha must be between 0 and 1", await GraphQLErrorAsync("""hybrid:{query:"red",alpha:1.5,vector:[1,0]}"""));
        Assert.Contains("alpha must be between 0 and 1", await GraphQLErrorAsync("""hybrid:{query:"red",alpha:-0.1}"""));
        // Barge has no vectorizer: without a vector only a keyword-only hybrid (alpha 0) can run.
        Assert.Contains("no vectorizer", await GraphQLErrorAsync("""hybrid:{query:"red"}"""));
        Assert.Contains("no vectorizer", await GraphQLErrorAsync("""hybrid:{query:"red",alpha:0.5}"""));
        var keywordOnly = await _server.DataAsync("""{Get{Note(hybrid:{query:"red",alpha:0}){_additional{id score}}}}""");
        Assert.Equal([Id(1)], GraphQLKit.Ids(keywordOnly["Get"]!["Note"]));

        var bad = Search();
        bad.HybridSearch = new Hybrid { Query = "red", Alpha = 2f };
        Assert.Contains("alpha must be between 0 and 1", await GrpcErrorAsync(bad));
        var noVector = Search();
        noVector.HybridSearch = new Hybrid { Query = "red", Alpha = 0.5f };
        Assert.Contains("no vectorizer", await GrpcErrorAsync(noVector));
    }

    [Fact]
    public async Task Conflicting_arguments_are_refused()
    {
        Assert.Contains("more than one search parameter", await GraphQLErrorAsync("""bm25:{query:"red"},nearVector:{vector:[1,0]}"""));
        Assert.Contains("sort cannot be combined", await GraphQLErrorAsync("""bm25:{query:"red"},sort:[{path:["n"]}]"""));
        Assert.Contains("autocut must not be negative", await GraphQLErrorAsync("""bm25:{query:"red"},autocut:-1"""));
        Assert.Contains("autocut can only be used", await GraphQLErrorAsync("autocut:1"));
        var both = Search();
        both.Bm25Search = new BM25 { Query = "red" };
        both.HybridSearch = new Hybrid { Query = "red", Alpha = 0f };
        Assert.Contains("more than one search parameter", await GrpcErrorAsync(both));
    }
}
