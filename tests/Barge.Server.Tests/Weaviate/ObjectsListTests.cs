using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.Weaviate.ObjectsAssert;

namespace Barge.Server.Tests.Weaviate;

/// <summary><c>GET /v1/objects</c>: class, limit, offset, after, sort, order, include, totals and deprecations.</summary>
public sealed class ObjectsListTests : IAsyncLifetime
{
    private TestServer _server = null!;

    /// <summary>Five Article ids, given out of UUID order so that ordering by id is observable.</summary>
    private static readonly string[] Ids =
    [
        "30000000-0000-4000-8000-000000000000",
        "10000000-0000-4000-8000-000000000000",
        "50000000-0000-4000-8000-000000000000",
        "20000000-0000-4000-8000-000000000000",
        "40000000-0000-4000-8000-000000000000",
    ];

    private static readonly string[] Titles = ["c", "e", "a", "d", "b"];

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync(o => o with { QueryMaximumResults = 100 });
        for (var i = 0; i < Ids.Length; i++)
            await CreateAsync(_server, $$$"""{"class":"Article","id":"{{{Ids[i]}}}","properties":{"title":"{{{Titles[i]}}}","rank":{{{i}}}},"vector":[{{{i}}},1]}""");
        await CreateAsync(_server, """{"class":"Other","id":"00000000-0000-4000-8000-000000000001","properties":{"x":"y"}}""");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static string[] IdsOf(Reply reply) => reply.Json["objects"]!.AsArray().Select(o => (string)o!["id"]!).ToArray();
    private static string[] TitlesOf(Reply reply) => reply.Json["objects"]!.AsArray().Select(o => (string)o!["properties"]!["title"]!).ToArray();

    [Fact]
    public async Task Without_class_lists_every_class_with_null_deprecations_and_a_total()
    {
        var reply = await _server.GetAsync("/v1/objects");
        Status(reply, 200);
        Assert.Equal(6, reply.Json["objects"]!.AsArray().Count);
        Assert.Equal(6, (int)reply.Json["totalResults"]!);
        Assert.True(reply.Json.AsObject().ContainsKey("deprecations"));
        Assert.Null(reply.Json["deprecations"]);
    }

    [Fact]
    public async Task With_class_lists_that_class_in_uuid_order_with_empty_deprecations()
    {
        var reply = await _server.GetAsync("/v1/objects?class=article");
        Status(reply, 200);
        Assert.Equal(Ids.Order(StringComparer.Ordinal).ToArray(), IdsOf(reply));
        Assert.Equal(5, (int)reply.Json["totalResults"]!);
        Assert.True(JsonNode.DeepEquals(new JsonArray(), reply.Json["deprecations"]), reply.Body);
    }

    [Fact]
    public async Task Default_limit_is_query_defaults_limit()
    {
        await using var small = await TestServer.StartAsync(o => o with { QueryDefaultsLimit = 2 });
        for (var i = 0; i < 3; i++) await CreateAsync(small, """{"class":"Article","properties":{}}""");
        Assert.Equal(2, IdsOf(await small.GetAsync("/v1/objects?class=Article")).Length);
    }

    [Fact]
    public async Task Limit_and_offset_page_through_uuid_order()
    {
        var sorted = Ids.Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(sorted[1..3], IdsOf(await _server.GetAsync("/v1/objects?class=Article&limit=2&offset=1")));
        Assert.Empty(IdsOf(await _server.GetAsync("/v1/objects?class=Article&limit=2&offset=10")));
    }

    [Fact]
    public async Task An_empty_class_omits_total_results()
    {
        await CreateClassAsync(_server, """{"class":"Empty"}""");
        var reply = await _server.GetAsync("/v1/objects?class=Empty");
        Status(reply, 200);
        Assert.Empty(reply.Json["objects"]!.AsArray());
        Assert.False(reply.Json.AsObject().ContainsKey("totalResults"), reply.Body);
    }

    [Fact]
    public async Task Offset_plus_limit_over_the_maximum_is_422()
    {
        Error(await _server.GetAsync("/v1/objects?class=Article&limit=60&offset=50"), 422, "query maximum results exceeded");
    }

    [Theory]
    [InlineData("limit=-1")]
    [InlineData("limit=abc")]
    [InlineData("offset=1.5")]
    [InlineData("limit=99999999999999999999")]
    public async Task Limit_or_offset_that_is_not_a_non_negative_integer_is_a_client_error(string query)
    {
        Error(await _server.GetAsync("/v1/objects?class=Article&" + query), 422, "limit and offset must be non-negative integers");
    }

    [Fact]
    public async Task Unknown_class_is_an_empty_404()
    {
        EmptyNotFound(await _server.GetAsync("/v1/objects?class=Nope"));
    }

    [Fact]
    public async Task After_is_a_cursor_over_uuid_order()
    {
        var sorted = Ids.Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(sorted[2..4], IdsOf(await _server.GetAsync($"/v1/objects?class=Article&after={sorted[1]}&limit=2")));
        Assert.Empty(IdsOf(await _server.GetAsync($"/v1/objects?class=Article&after={sorted[4]}")));
    }

    [Fact]
    public async Task After_without_class_is_refused()
    {
        var reply = await _server.GetAsync($"/v1/objects?after={Ids[0]}");
        Status(reply, 422);
        Assert.Contains("after parameter not allowed, cursor must be specific to one class, set class query param", reply.ErrorMessage);
    }

    [Fact]
    public async Task After_with_offset_or_sort_or_a_non_uuid_is_422()
    {
        Status(await _server.GetAsync($"/v1/objects?class=Article&after={Ids[0]}&offset=1"), 422);
        Status(await _server.GetAsync($"/v1/objects?class=Article&after={Ids[0]}&sort=title"), 422);
        Status(await _server.GetAsync("/v1/objects?class=Article&after=nope"), 422);
    }

    [Fact]
    public async Task Sort_orders_by_a_property_ascending_by_default_and_descending_on_request()
    {
        Assert.Equal(["a", "b", "c", "d", "e"], TitlesOf(await _server.GetAsync("/v1/objects?class=Article&sort=title")));
        Assert.Equal(["e", "d", "c", "b", "a"], TitlesOf(await _server.GetAsync("/v1/objects?class=Article&sort=title&order=desc")));
        Assert.Equal(["a", "b", "c", "d", "e"], TitlesOf(await _server.GetAsync("/v1/objects?class=Article&sort=title&order=sideways")));
    }

    [Fact]
    public async Task Sort_by_a_number_property_orders_numerically()
    {
        var reply = await _server.GetAsync("/v1/objects?class=Article&sort=rank&order=desc&limit=2");
        Assert.Equal(["b", "d"], TitlesOf(reply));
    }

    [Fact]
    public async Task Sort_by_an_unknown_property_is_422()
    {
        var reply = await _server.GetAsync("/v1/objects?class=Article&sort=nope");
        Error(reply, 422, "invalid 'sort' parameter: sort parameter at position 0: no such prop with name 'nope' found in class 'Article' in the schema. Check your schema files for which properties in this class are available");
    }

    [Fact]
    public async Task Include_vector_adds_vectors_and_an_unknown_include_is_400()
    {
        var plain = await _server.GetAsync("/v1/objects?class=Article");
        Assert.All(plain.Json["objects"]!.AsArray(), o => Assert.Null(o!["vector"]));
        var withVector = await _server.GetAsync("/v1/objects?class=Article&include=vector");
        Assert.All(withVector.Json["objects"]!.AsArray(), o => Assert.Equal(2, o!["vector"]!.AsArray().Count));
        Error(await _server.GetAsync("/v1/objects?include=nope"), 400, "unrecognized property 'nope' in ?include list");
    }
}
