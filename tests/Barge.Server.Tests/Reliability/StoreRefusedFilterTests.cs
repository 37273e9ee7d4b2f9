using System.Text.Json.Nodes;
using Barge.Server.Grpc.Protocol;
using Barge.Server.Tests.Support;
using Grpc.Core;
using WeaviateClient = Barge.Server.Grpc.Protocol.Weaviate.WeaviateClient;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.Reliability;

/// <summary>
/// Filters that pass validation but that the database cannot run: with the filter limits raised past what one
/// statement of the store takes (an operator's choice), a search must answer the dialect's 4xx naming the limit to
/// lower (422 over REST, INVALID_ARGUMENT over gRPC), never a 500 with the engine's text. And data the database's own
/// functions stumble on (U+0000 inside a stored string) must not fail the searches that read it.
/// </summary>
public sealed class StoreRefusedFilterTests : IAsyncLifetime
{
    // Past both stores' bound-parameter limits (SQLite 32,766, PostgreSQL 65,535).
    private const int ManyValues = 70_000;

    private TestServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync(o => o with
        {
            FilterLimits = o.FilterLimits with { MaxValues = 200_000, MaxClauses = 100_000 },
            MaxJsonDepth = 1_000,
        });
        await _server.CreateClassAsync("""
            {"class":"Wide","properties":[{"name":"name","dataType":["text"]},{"name":"n","dataType":["int"]},
              {"name":"code","dataType":["text"],"tokenization":"field"},
              {"name":"loc","dataType":["geoCoordinates"]}]}
            """);
        var reply = await _server.ImportAsync(
            Obj("Wide", Id(1), """{"name":"plain","n":1,"loc":{"latitude":52.37,"longitude":4.89}}"""),
            Obj("Wide", Id(2), """{"name":"nul\u0000inside","code":"nul\u0000inside","n":2,"loc":{"latitude":52.38,"longitude":4.90}}"""));
        Assert.All(reply.Json.AsArray(), i => Assert.Equal("SUCCESS", Status(i!)));
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static string ManyValuesFilter() =>
        new JsonObject
        {
            ["operator"] = "ContainsAny", ["path"] = new JsonArray("name"),
            ["valueTextArray"] = new JsonArray(Enumerable.Range(0, ManyValues).Select(i => (JsonNode)JsonValue.Create("v" + i)).ToArray()),
        }.ToJsonString();

    [Fact]
    public async Task More_values_than_one_statement_binds_are_a_422_over_rest()
    {
        var reply = await _server.DeleteWhereAsync("Wide", ManyValuesFilter(), "verbose", dryRun: true);
        Assert.True(reply.Status == 422, reply.ToString()[..Math.Min(500, reply.ToString().Length)]);
        Assert.Contains("bound values", reply.ErrorMessage);
        Assert.Contains("BARGE_MAX_FILTER_VALUES", reply.ErrorMessage);
        Assert.Equal(2, await _server.CountAsync("Wide"));
    }

    [Fact]
    public async Task A_delete_by_query_whose_filter_the_database_refuses_leaves_no_journal_row()
    {
        var before = (await _server.GetAsync("/api/batch/v1")).Headers["x-total-count"];
        var reply = await _server.DeleteWhereAsync("Wide", ManyValuesFilter(), "verbose");
        Assert.True(reply.Status == 422, reply.ToString()[..Math.Min(500, reply.ToString().Length)]);
        Assert.Contains("bound values", reply.ErrorMessage);
        // Refused as a bad request, like a filter that cannot be parsed: nothing was journaled, not even a failed row.
        Assert.Equal(before, (await _server.GetAsync("/api/batch/v1")).Headers["x-total-count"]);
        Assert.Equal(2, await _server.CountAsync("Wide"));
    }

    [Fact]
    public async Task More_values_than_one_statement_binds_are_invalid_argument_over_grpc_search()
    {
        using var channel = _server.GrpcChannel();
        var client = new WeaviateClient(channel);
        var request = new SearchRequest
        {
            Collection = "Wide", Uses127Api = true,
            Metadata = new MetadataRequest { Uuid = true },
            Filters = new Filters
            {
                Operator = Filters.Types.Operator.ContainsAny, Target = new FilterTarget { Property = "name" },
                ValueTextArray = new TextArray { Values = { Enumerable.Range(0, ManyValues).Select(i => "v" + i) } },
            },
        };
        var error = await Assert.ThrowsAsync<RpcException>(() => client.SearchAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("bound values", error.Status.Detail);
    }

    [Fact]
    public async Task A_filter_deeper_than_the_engine_compiles_is_a_4xx_never_a_500()
    {
        // A 1,500-operand Or of index conditions: the posting lists answer it on both stores, no SQL expression is built.
        var operands = Enumerable.Range(0, 1_500).Select(i => (JsonNode)new JsonObject
        { ["operator"] = "Equal", ["path"] = new JsonArray("n"), ["valueInt"] = i }).ToList();
        var or = new JsonObject { ["operator"] = "Or", ["operands"] = new JsonArray([.. operands.Select(o => o.DeepClone())]) }.ToJsonString();
        var reply = await _server.DeleteWhereAsync("Wide", or, "verbose", dryRun: true);
        Assert.True(reply.Status == 200, reply.ToString()[..Math.Min(500, reply.ToString().Length)]);
        Assert.Equal([Id(1), Id(2)], await _server.MatchingIdsAsync("Wide", or));

        // One operand on the id needs the object rows: the whole filter is then per-object SQL, whose expression tree
        // SQLite builds as a chain as deep as the operands (its limit is 1,000 levels); PostgreSQL runs it.
        operands.Add(new JsonObject { ["operator"] = "Equal", ["path"] = new JsonArray("id"), ["valueText"] = Id(2) });
        var withId = new JsonObject { ["operator"] = "Or", ["operands"] = new JsonArray([.. operands.Select(o => o.DeepClone())]) }.ToJsonString();
        reply = await _server.DeleteWhereAsync("Wide", withId, "verbose", dryRun: true);
        if (_server.Storage == Barge.Server.Hosting.StorageKind.Sqlite)
        {
            Assert.True(reply.Status == 422, reply.ToString()[..Math.Min(500, reply.ToString().Length)]);
            Assert.Contains("SQLite cannot run this filter", reply.ErrorMessage);
        }
        else
        {
            Assert.True(reply.Status == 200, reply.ToString()[..Math.Min(500, reply.ToString().Length)]);
            Assert.Equal([Id(1), Id(2)], await _server.MatchingIdsAsync("Wide", withId));
        }
    }

    [Fact]
    public async Task A_nul_in_a_stored_string_does_not_fail_geo_filters_or_sorting()
    {
        Assert.Equal([Id(1), Id(2)], await _server.MatchingIdsAsync("Wide",
            """{"operator":"WithinGeoRange","path":["loc"],"valueGeoRange":{"geoCoordinates":{"latitude":52.37,"longitude":4.89},"distance":{"max":5000}}}"""));
        var sorted = await _server.GetAsync("/v1/objects?class=Wide&sort=name");
        Assert.True(sorted.Status == 200, sorted.ToString());
        Assert.Equal(2, sorted.Json["objects"]!.AsArray().Count);
    }

    // Found by FilterPropertyTests: SQLite's GLOB read "nul\0inside" as "nul".
    [Fact]
    public async Task Like_does_not_stop_at_a_nul_in_a_stored_token()
    {
        Assert.Empty(await _server.MatchingIdsAsync("Wide", """{"operator":"Like","path":["code"],"valueText":"nul"}"""));
        Assert.Equal([Id(2)], await _server.MatchingIdsAsync("Wide", """{"operator":"Like","path":["code"],"valueText":"nul*"}"""));
    }
}
