using System.Text.Json.Nodes;
using Barge.Server.Grpc.Protocol;
using Barge.Server.Tests.Support;
using Grpc.Core;
using WeaviateClient = Barge.Server.Grpc.Protocol.Weaviate.WeaviateClient;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.GraphQL;

/// <summary>
/// <c>Aggregate(hybrid: {…}, objectLimit: N)</c> on GraphQL and gRPC aggregates exactly the objects a hybrid Get with
/// limit N returns (QUERY_DEFAULTS_LIMIT of them when N is unset), and <c>targetVectors</c> on nearVector, nearObject and
/// hybrid accepts Barge's one vector (<c>default</c>, or none named) and refuses any other in Weaviate's words.
/// </summary>
public sealed class HybridAggregateAndTargetVectorsTests : IAsyncLifetime
{
    private const int Count = 12;
    private const int DefaultsLimit = 5;
    private TestServer _server = null!;

    private static readonly string[] Words = ["red apple", "green apple", "red car", "blue sky"];

    private static float[] VectorOf(int i) => [MathF.Cos(i * 0.5f), MathF.Sin(i * 0.5f)];

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync(o => o with { QueryDefaultsLimit = DefaultsLimit });
        await _server.CreateClassAsync("""{"class":"Note","properties":[{"name":"body","dataType":["text"]},{"name":"n","dataType":["int"]}]}""");
        var notes = Enumerable.Range(1, Count).Select(i =>
        {
            var o = Obj("Note", Id(i), $$"""{"body":"{{Words[i % Words.Length]}}","n":{{i}}}""");
            o["vector"] = new JsonArray(VectorOf(i).Select(f => (JsonNode)JsonValue.Create(f)).ToArray());
            return (JsonNode)o;
        }).ToArray();
        Assert.Equal(200, (await _server.ImportAsync(notes)).Status);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private const string Hybrid = """hybrid:{query:"red apple",alpha:0.5,vector:[1,0.2]}""";

    /// <summary>The n of each object a hybrid Get returns with that limit, best first.</summary>
    private async Task<List<int>> HybridGetAsync(int limit)
    {
        var data = await _server.DataAsync("{Get{Note(" + Hybrid + ",limit:" + limit + "){n}}}");
        return data["Get"]!["Note"]!.AsArray().Select(o => (int)o!["n"]!).ToList();
    }

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    public async Task GraphQL_hybrid_aggregate_counts_and_sums_the_objects_a_hybrid_get_returns(int objectLimit)
    {
        var expected = await HybridGetAsync(objectLimit);
        Assert.Equal(objectLimit, expected.Count);
        var data = await _server.DataAsync("{Aggregate{Note(" + Hybrid + ",objectLimit:" + objectLimit + "){meta{count} n{sum minimum maximum}}}}");
        var a = data["Aggregate"]!["Note"]![0]!;
        Assert.Equal(expected.Count, (int)a["meta"]!["count"]!);
        Assert.Equal(expected.Sum(), (double)a["n"]!["sum"]!);
        Assert.Equal(expected.Min(), (double)a["n"]!["minimum"]!);
        Assert.Equal(expected.Max(), (double)a["n"]!["maximum"]!);
    }

    [Fact]
    public async Task Without_objectLimit_a_hybrid_aggregate_takes_QUERY_DEFAULTS_LIMIT_objects()
    {
        var expected = await HybridGetAsync(DefaultsLimit);
        var data = await _server.DataAsync("{Aggregate{Note(" + Hybrid + "){meta{count} n{sum}}}}");
        Assert.Equal(DefaultsLimit, (int)data["Aggregate"]!["Note"]![0]!["meta"]!["count"]!);
        Assert.Equal(expected.Sum(), (double)data["Aggregate"]!["Note"]![0]!["n"]!["sum"]!);
    }

    [Fact]
    public async Task A_keyword_only_hybrid_aggregate_groups_the_matches()
    {
        // alpha 0: only the keyword part, so only notes whose body has "car" take part.
        var data = await _server.DataAsync("""{Aggregate{Note(hybrid:{query:"car",alpha:0},objectLimit:10,groupBy:["body"]){meta{count} groupedBy{value}}}}""");
        var group = Assert.Single(data["Aggregate"]!["Note"]!.AsArray())!;
        Assert.Equal("red car", (string)group["groupedBy"]!["value"]!);
        Assert.Equal(Enumerable.Range(1, Count).Count(i => Words[i % Words.Length] == "red car"), (int)group["meta"]!["count"]!);
    }

    [Fact]
    public async Task A_hybrid_aggregate_with_another_search_or_a_bad_alpha_is_an_error()
    {
        var both = await _server.ErrorsAsync("{Aggregate{Note(" + Hybrid + ",nearVector:{vector:[1,0]},objectLimit:2){meta{count}}}}");
        Assert.Contains("found more than one search parameter", Assert.Single(both));
        var alpha = await _server.ErrorsAsync("""{Aggregate{Note(hybrid:{query:"x",alpha:2,vector:[1,0]}){meta{count}}}}""");
        Assert.Contains("alpha must be between 0 and 1", Assert.Single(alpha));
        var negative = await _server.ErrorsAsync("{Aggregate{Note(" + Hybrid + ",objectLimit:-1){meta{count}}}}");
        Assert.Contains("must not be negative", Assert.Single(negative));
    }

    [Fact]
    public async Task Grpc_hybrid_aggregate_counts_the_objects_a_hybrid_get_returns()
    {
        var expected = await HybridGetAsync(4);
        using var channel = _server.GrpcChannel();
        var client = new WeaviateClient(channel);
        var request = new AggregateRequest
        {
            Collection = "Note", ObjectsCount = true, ObjectLimit = 4,
            Hybrid = new Barge.Server.Grpc.Protocol.Hybrid { Query = "red apple", Alpha = 0.5f, Vectors = { new Vectors { Name = "default", VectorBytes = Grpc.GrpcKit.Float32(1, 0.2f) } } },
            Aggregations = { new AggregateRequest.Types.Aggregation { Property = "n", Int = new() { Sum = true } } },
        };
        var reply = await client.AggregateAsync(request);
        Assert.Equal(expected.Count, reply.SingleResult.ObjectsCount);
        Assert.Equal(expected.Sum(), reply.SingleResult.Aggregations.Aggregations_.Single().Int.Sum);

        request.Hybrid.Alpha = 3;
        var bad = await Assert.ThrowsAsync<RpcException>(() => client.AggregateAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
    }

    [Theory]
    [InlineData("nearVector:{vector:[1,0],@targets}")]
    [InlineData("nearObject:{id:\"00000000-0000-4000-8000-000000000001\",@targets}")]
    [InlineData("hybrid:{query:\"red\",alpha:0.5,vector:[1,0],@targets}")]
    public async Task TargetVectors_may_name_the_default_vector_or_none(string search)
    {
        var plain = await IdsAsync(search.Replace(",@targets", ""));
        Assert.NotEmpty(plain);
        Assert.Equal(plain, await IdsAsync(search.Replace("@targets", """targetVectors:["default"]""")));
        Assert.Equal(plain, await IdsAsync(search.Replace("@targets", "targetVectors:[]")));
        Assert.Equal(plain, await IdsAsync(search.Replace("@targets", "targetVectors:\"default\"")));
    }

    [Theory]
    [InlineData("nearVector:{vector:[1,0],@targets}")]
    [InlineData("nearObject:{id:\"00000000-0000-4000-8000-000000000001\",@targets}")]
    [InlineData("hybrid:{query:\"red\",alpha:0.5,vector:[1,0],@targets}")]
    public async Task TargetVectors_naming_another_vector_are_refused_in_Weaviates_words(string search)
    {
        const string expected = "class Note does not have named vector title configured. Available named vectors [default]";
        var get = await _server.ErrorsAsync("{Get{Note(" + search.Replace("@targets", """targetVectors:["title"]""") + ",limit:3){n}}}");
        Assert.Equal([expected], get);
        var mixed = await _server.ErrorsAsync("{Get{Note(" + search.Replace("@targets", """targetVectors:["default","title"]""") + ",limit:3){n}}}");
        Assert.Equal([expected], mixed);
        var aggregate = await _server.ErrorsAsync("{Aggregate{Note(" + search.Replace("@targets", """targetVectors:["title"]""") + ",objectLimit:3){meta{count}}}}");
        Assert.Equal([expected], aggregate);
    }

    private async Task<List<string>> IdsAsync(string search)
    {
        var data = await _server.DataAsync("{Get{Note(" + search + ",limit:4){_additional{id}}}}");
        return GraphQLKit.Ids(data["Get"]!["Note"]);
    }
}
