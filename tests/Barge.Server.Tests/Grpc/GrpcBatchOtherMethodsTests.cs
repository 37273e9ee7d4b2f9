using Barge.Server.Grpc.Protocol;
using Barge.Server.Tests.BatchService;
using Barge.Server.Tests.Support;
using Barge.Server.Tests.Weaviate;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Health.V1;
using static Barge.Server.Tests.Grpc.GrpcKit;
using static Barge.Server.Tests.Weaviate.BatchTestKit;
using Value = Google.Protobuf.WellKnownTypes.Value;
using WeaviateClient = Barge.Server.Grpc.Protocol.Weaviate.WeaviateClient;

namespace Barge.Server.Tests.Grpc;

/// <summary>BatchReferences, BatchDelete, TenantsGet and the health service over gRPC (BatchStream: <see cref="GrpcBatchStreamTests"/>).</summary>
public sealed class GrpcBatchOtherMethodsTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private global::Grpc.Net.Client.GrpcChannel _channel = null!;
    private WeaviateClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _channel = _server.GrpcChannel();
        _client = new WeaviateClient(_channel);
        await _server.CreateClassAsync("""{"class":"Doc","properties":[{"name":"k","dataType":["text"]},{"name":"n","dataType":["int"]},{"name":"link","dataType":["Doc"]}]}""");
        await _server.CreateClassAsync("""{"class":"Owned","multiTenancyConfig":{"enabled":true},"properties":[{"name":"k","dataType":["text"]}]}""");
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _server.DisposeAsync();
    }

    private async Task PutAsync(int from, int to, string k)
    {
        var request = new BatchObjectsRequest();
        for (var i = from; i < to; i++) request.Objects.Add(Object("Doc", Id(i), Struct(("k", Value.ForString(k)), ("n", Value.ForNumber(i)))));
        Assert.Empty((await _client.BatchObjectsAsync(request)).Errors);
    }

    [Fact]
    public async Task References_are_added_and_a_bad_one_fails_by_index()
    {
        await PutAsync(1, 3, "r");
        var reply = await _client.BatchReferencesAsync(new BatchReferencesRequest
        {
            References =
            {
                new BatchReference { FromCollection = "Doc", FromUuid = Id(1), Name = "link", ToCollection = "Doc", ToUuid = Id(2) },
                new BatchReference { FromCollection = "Doc", FromUuid = Id(1), Name = "k", ToUuid = Id(2) },
            },
        }, new Metadata { { "x-batch-id", "grpc-refs-1" } });
        Assert.Equal(1, Assert.Single(reply.Errors).Index);
        var stored = await _server.GetAsync($"/v1/objects/Doc/{Id(1)}");
        Assert.Equal($"weaviate://localhost/Doc/{Id(2)}", (string)stored.Json["properties"]!["link"]![0]!["beacon"]!);
        Assert.Equal("weaviate.grpc.batch.references", (string)(await _server.SummaryAsync("grpc-refs-1"))["service"]!);
    }

    [Fact]
    public async Task Delete_by_filter_dry_run_changes_nothing_then_deletes_the_matches()
    {
        await PutAsync(100, 110, "gone");
        await PutAsync(110, 113, "kept");
        var filter = new Filters
        {
            Operator = Filters.Types.Operator.And,
            Filters_ =
            {
                Equal("k", "gone"),
                new Filters { Operator = Filters.Types.Operator.GreaterThanEqual, Target = new FilterTarget { Property = "n" }, ValueInt = 105 },
            },
        };
        var dry = await _client.BatchDeleteAsync(new BatchDeleteRequest { Collection = "Doc", Filters = filter, DryRun = true, Verbose = true });
        Assert.Equal(5, dry.Matches);
        Assert.Equal(0, dry.Successful);
        Assert.Equal(5, dry.Objects.Count);
        Assert.Equal(200, (await _server.GetAsync($"/v1/objects/Doc/{Id(105)}")).Status);

        var real = await _client.BatchDeleteAsync(new BatchDeleteRequest { Collection = "Doc", Filters = filter, Verbose = true },
            new Metadata { { "x-batch-id", "grpc-delete-1" } });
        Assert.Equal(5, real.Matches);
        Assert.Equal(5, real.Successful);
        Assert.Equal(0, real.Failed);
        Assert.Equal(Enumerable.Range(105, 5).Select(Id).Order(), real.Objects.Select(o => new Guid(o.Uuid.Span, bigEndian: true).ToString()).Order());
        Assert.Equal(404, (await _server.GetAsync($"/v1/objects/Doc/{Id(105)}")).Status);
        Assert.Equal(200, (await _server.GetAsync($"/v1/objects/Doc/{Id(104)}")).Status);
        Assert.Equal(200, (await _server.GetAsync($"/v1/objects/Doc/{Id(110)}")).Status);
        Assert.Equal("weaviate.grpc.batch.delete", (string)(await _server.SummaryAsync("grpc-delete-1"))["service"]!);
    }

    [Fact]
    public async Task A_filter_on_a_missing_property_is_invalid_argument_and_deletes_nothing()
    {
        await PutAsync(200, 201, "x");
        var ex = await Assert.ThrowsAsync<RpcException>(() => _client.BatchDeleteAsync(new BatchDeleteRequest { Collection = "Doc", Filters = Equal("nope", "x") }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains("no such prop with name 'nope'", ex.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(200, (await _server.GetAsync($"/v1/objects/Doc/{Id(200)}")).Status);
    }

    [Fact]
    public async Task Delete_on_an_unknown_collection_is_not_found()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => _client.BatchDeleteAsync(new BatchDeleteRequest { Collection = "Nowhere", Filters = Equal("k", "x") }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
    }

    [Fact]
    public async Task Tenants_are_listed_all_or_by_name_and_a_collection_without_tenants_is_refused()
    {
        // t1 is created through the tenants API, t3 only holds an object; t2 is neither.
        Assert.Equal(200, (await _server.PostAsync("/v1/schema/Owned/tenants", """[{"name":"t1"}]""")).Status);
        var put = new BatchObjectsRequest();
        put.Objects.Add(Object("Owned", Id(7), Struct(("k", Value.ForString("x")))));
        put.Objects[0].Tenant = "t3";
        Assert.Empty((await _client.BatchObjectsAsync(put)).Errors);

        var all = await _client.TenantsGetAsync(new TenantsGetRequest { Collection = "Owned" });
        Assert.Equal(["t1", "t3"], all.Tenants.Select(t => t.Name));
        Assert.All(all.Tenants, t => Assert.Equal(TenantActivityStatus.Hot, t.ActivityStatus));
        var named = await _client.TenantsGetAsync(new TenantsGetRequest { Collection = "Owned", Names = new TenantNames { Values = { "t1", "t2", "t3" } } });
        Assert.Equal(["t1", "t3"], named.Tenants.Select(t => t.Name));
        var ex = await Assert.ThrowsAsync<RpcException>(() => _client.TenantsGetAsync(new TenantsGetRequest { Collection = "Doc" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
    }

    [Theory]
    [InlineData("weaviate.v1.Weaviate")]
    [InlineData("/grpc.health.v1.Health/Check")] // what weaviate-client 3.x asks before it connects
    public async Task Health_answers_serving_for_the_service_names_clients_ask_for(string service)
    {
        var reply = await new Health.HealthClient(_channel).CheckAsync(new HealthCheckRequest { Service = service });
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    [Fact]
    public async Task Health_answers_serving()
    {
        var reply = await new Health.HealthClient(_channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    [Fact]
    public async Task Searches_barge_does_not_have_are_unimplemented_not_internal()
    {
        // A search that needs a vectorizer module, which Barge does not have.
        var nearText = new AggregateRequest { Collection = "Doc", NearText = new NearTextSearch { Query = { "x" } } };
        var ex = await Assert.ThrowsAsync<RpcException>(() => _client.AggregateAsync(nearText).ResponseAsync);
        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }
}
