using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.Weaviate;

/// <summary>Tenant rules of the three batch endpoints (spec §1.5, §2.2, §10.14–§10.16, §10.26–§10.29).</summary>
public sealed class BatchMultiTenancyTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await _server.CreateClassAsync("""{"class":"Plain","properties":[{"name":"name","dataType":["text"]}]}""");
        await _server.CreateClassAsync("""{"class":"Tenanted","multiTenancyConfig":{"enabled":true},"properties":[{"name":"name","dataType":["text"]}]}""");
        await _server.CreateClassAsync("""
            {"class":"PlainSource","properties":[{"name":"toTenanted","dataType":["Tenanted"]}]}
            """);
        await _server.CreateClassAsync("""
            {"class":"TenantSource","multiTenancyConfig":{"enabled":true},
             "properties":[{"name":"toPlain","dataType":["Plain"]},{"name":"toTenanted","dataType":["Tenanted"]}]}
            """);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    /// <summary>An object of <paramref name="cls"/> with a deterministic id, in <paramref name="tenant"/> when given.</summary>
    private static JsonNode T(string cls, int id, string? tenant)
    {
        var o = Obj(cls, Id(id), """{"name":"x"}""");
        if (tenant is not null) o["tenant"] = tenant;
        return o;
    }

    [Fact]
    public async Task Objects_fail_per_item_without_a_tenant_on_a_tenant_class_or_with_one_on_a_plain_class()
    {
        var reply = await _server.ImportAsync(T("Tenanted", 1, "a"), T("Tenanted", 2, null), T("Plain", 3, "a"), T("Plain", 4, null));
        var items = reply.Json.AsArray();
        Assert.Equal(["SUCCESS", "FAILED", "FAILED", "SUCCESS"], items.Select(i => Status(i!)));
        Assert.Equal("class Tenanted has multi-tenancy enabled, but request was without tenant", Error(items[1]!));
        Assert.Equal("class Plain has multi-tenancy disabled, but request was with tenant", Error(items[2]!));
        Assert.Equal("a", (string)items[0]!["tenant"]!);
    }

    [Fact]
    public async Task A_tenant_name_outside_weaviates_rule_fails_its_item_only()
    {
        var reply = await _server.ImportAsync(T("Tenanted", 1, "ok-1_A"), T("Tenanted", 2, "has space"), T("Tenanted", 3, "nul\u0000"), T("Tenanted", 4, "b"));
        var items = reply.Json.AsArray();
        Assert.Equal(["SUCCESS", "FAILED", "FAILED", "SUCCESS"], items.Select(i => Status(i!)));
        Assert.StartsWith("tenant name should only contain alphanumeric characters", Error(items[1]!), StringComparison.Ordinal);
        Assert.EndsWith(": \"has space\"", Error(items[1]!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_source_cannot_reference_a_tenant_class_even_with_a_class_less_to()
    {
        await _server.ImportAsync(T("PlainSource", 1, null), T("Tenanted", 2, "a"));
        var reply = await _server.PostAsync("/v1/batch/references", J($$"""[ {"from":"weaviate://localhost/PlainSource/{{Id(1)}}/toTenanted","to":"weaviate://localhost/Tenanted/{{Id(2)}}"}, {"from":"weaviate://localhost/PlainSource/{{Id(1)}}/toTenanted","to":"weaviate://localhost/{{Id(2)}}"} ]"""));
        foreach (var item in reply.Json.AsArray())
        {
            Assert.Equal("FAILED", Status(item!));
            Assert.Equal("invalid reference: cannot reference a multi-tenant enabled class from a non multi-tenant enabled class", Error(item!));
            Assert.Null(item!["from"]);
        }
    }

    [Fact]
    public async Task A_tenant_target_must_exist_in_the_same_tenant()
    {
        await _server.ImportAsync(T("TenantSource", 1, "a"), T("Tenanted", 2, "b"), T("Tenanted", 3, "a"));
        var reply = await _server.PostAsync("/v1/batch/references", J($$"""[ {"from":"weaviate://localhost/TenantSource/{{Id(1)}}/toTenanted","to":"weaviate://localhost/Tenanted/{{Id(2)}}","tenant":"a"}, {"from":"weaviate://localhost/TenantSource/{{Id(1)}}/toTenanted","to":"weaviate://localhost/{{Id(3)}}","tenant":"a"} ]"""));
        var items = reply.Json.AsArray();
        Assert.Equal(["FAILED", "SUCCESS"], items.Select(i => Status(i!)));
        Assert.Equal($"target: object Tenanted/{Id(2)} not found for tenant \"a\"", Error(items[0]!));
    }

    [Fact]
    public async Task A_tenant_source_may_reference_a_plain_target()
    {
        await _server.ImportAsync(T("TenantSource", 1, "a"), T("Plain", 2, null));
        var reply = await _server.PostAsync("/v1/batch/references", J($$"""[{"from":"weaviate://localhost/TenantSource/{{Id(1)}}/toPlain","to":"weaviate://localhost/{{Id(2)}}","tenant":"a"}]"""));
        Assert.Equal("SUCCESS", Status(reply.Json[0]!));
        var source = (await _server.GetAsync($"/v1/objects/TenantSource/{Id(1)}?tenant=a")).Json;
        Assert.Equal($"weaviate://localhost/Plain/{Id(2)}", (string)source["properties"]!["toPlain"]![0]!["beacon"]!);
    }

    [Fact]
    public async Task Delete_on_a_tenant_class_needs_a_tenant_and_removes_only_that_tenants_objects()
    {
        await _server.ImportAsync(T("Tenanted", 1, "a"), T("Tenanted", 2, "a"), T("Tenanted", 3, "a"), T("Tenanted", 4, "b"));
        const string all = """{"operator":"Like","path":["id"],"valueText":"*"}""";
        var missing = await _server.DeleteWhereAsync("Tenanted", all);
        Assert.Equal(422, missing.Status);
        Assert.Equal("class Tenanted has multi-tenancy enabled, but request was without tenant", missing.ErrorMessage);

        var body = J("""{"match":{"class":"Tenanted","where":{"operator":"Like","path":["id"],"valueText":"*"}}}""");
        var reply = await _server.DeleteAsync("/v1/batch/objects?tenant=a", body);
        Assert.Equal(3, (int)reply.Json["results"]!["successful"]!);
        Assert.Null(reply.Json["results"]!["objects"]);
        Assert.Equal(404, (await _server.GetAsync($"/v1/objects/Tenanted/{Id(1)}?tenant=a")).Status);
        Assert.Equal(200, (await _server.GetAsync($"/v1/objects/Tenanted/{Id(4)}?tenant=b")).Status);
    }

    [Fact]
    public async Task Delete_with_a_tenant_on_a_plain_class_is_refused()
    {
        var reply = await _server.DeleteAsync("/v1/batch/objects?tenant=a", J("""{"match":{"class":"Plain","where":{"operator":"Like","path":["id"],"valueText":"*"}}}"""));
        Assert.Equal(422, reply.Status);
        Assert.Equal("class Plain has multi-tenancy disabled, but request was with tenant", reply.ErrorMessage);
    }

    [Theory]
    [InlineData("GET", "/v1/objects?class=Tenanted&tenant=a%00b")]
    [InlineData("GET", "/v1/objects/Tenanted/00000000-0000-0000-0000-000000000001?tenant=a%00b")]
    [InlineData("DELETE", "/v1/objects/Tenanted/00000000-0000-0000-0000-000000000001?tenant=a%00b")]
    [InlineData("GET", "/v1/objects?class=Tenanted&tenant=a%20b")]
    public async Task A_tenant_query_parameter_that_cannot_name_a_tenant_is_a_422_and_changes_nothing(string method, string url)
    {
        await _server.ImportAsync(T("Tenanted", 1, "a"));
        var reply = method == "GET" ? await _server.GetAsync(url) : await _server.DeleteAsync(url);
        Assert.Equal(422, reply.Status);
        Assert.StartsWith("tenant name should only contain alphanumeric characters", reply.ErrorMessage);
        Assert.Equal(200, (await _server.GetAsync($"/v1/objects/Tenanted/{Id(1)}?tenant=a")).Status);
    }

    [Fact]
    public async Task Delete_by_query_with_a_tenant_that_cannot_name_a_tenant_is_a_422()
    {
        await _server.ImportAsync(T("Tenanted", 1, "a"));
        var reply = await _server.DeleteAsync("/v1/batch/objects?tenant=a%00", J("""{"match":{"class":"Tenanted","where":{"operator":"Like","path":["id"],"valueText":"*"}}}"""));
        Assert.Equal(422, reply.Status);
        Assert.StartsWith("tenant name should only contain alphanumeric characters", reply.ErrorMessage);
        Assert.Equal(200, (await _server.GetAsync($"/v1/objects/Tenanted/{Id(1)}?tenant=a")).Status);
    }

    /// <summary>Tenants that reach the store unchecked (reference items, merges) match nothing on either store.</summary>
    [Fact]
    public async Task A_tenant_with_a_NUL_in_a_reference_item_or_a_merge_matches_nothing()
    {
        await _server.ImportAsync(T("TenantSource", 1, "a"), T("Tenanted", 2, "a"));
        var refs = await _server.PostAsync("/v1/batch/references", J($$"""
            [{"from":"weaviate://localhost/TenantSource/{{Id(1)}}/toTenanted","to":"weaviate://localhost/Tenanted/{{Id(2)}}","tenant":"a\u0000"}]
            """));
        Assert.Equal(200, refs.Status);
        Assert.Equal("FAILED", (string?)refs.Json[0]!["result"]!["status"]);

        var merge = await _server.PatchAsync($"/v1/objects/Tenanted/{Id(2)}", J("""{"class":"Tenanted","tenant":"a\u0000","properties":{"name":"changed"}}"""));
        Assert.Equal(404, merge.Status);
        Assert.Equal("x", (string?)(await _server.GetAsync($"/v1/objects/Tenanted/{Id(2)}?tenant=a")).Json["properties"]!["name"]);
    }
}
