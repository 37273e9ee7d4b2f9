using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.GraphQL;

/// <summary>
/// <c>Get</c> over HTTP against a running server, written as weaviate-ts-client 2.x writes it: where, limit, offset,
/// after, sort, nearVector, nearObject, references through <c>... on Class</c>, <c>_additional</c>, variables.
/// Known data: 10 articles (ids 1..10, word count 10·i, a vector per article), 2 publications they write for.
/// </summary>
public sealed class GraphQLGetTests : IAsyncLifetime
{
    private const int Count = 10;
    private TestServer _server = null!;

    private static float[] VectorOf(int i) => [MathF.Cos(i * 0.4f), MathF.Sin(i * 0.4f), 0.05f * i];

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await _server.CreateClassAsync("""{"class":"Publication","properties":[{"name":"name","dataType":["text"]}]}""");
        await _server.CreateClassAsync("""
            {"class":"Article","vectorIndexConfig":{"distance":"cosine"},"properties":[
              {"name":"title","dataType":["text"]},{"name":"wordCount","dataType":["int"]},{"name":"score","dataType":["number"]},
              {"name":"published","dataType":["boolean"]},{"name":"tags","dataType":["text[]"]},
              {"name":"writesFor","dataType":["Publication"]}]}
            """);
        var publications = await _server.ImportAsync(Obj("Publication", Id(101), """{"name":"Daily"}"""), Obj("Publication", Id(102), """{"name":"Weekly"}"""));
        Assert.Equal(200, publications.Status);
        var articles = Enumerable.Range(1, Count).Select(i =>
        {
            var o = Obj("Article", Id(i), $$"""{"title":"T{{i}}","wordCount":{{10 * i}},"score":{{i * 0.5}},"published":{{(i % 2 == 0 ? "true" : "false")}},"tags":["all","t{{i % 3}}"]}""");
            o["vector"] = new JsonArray(VectorOf(i).Select(f => (JsonNode)JsonValue.Create(f)).ToArray());
            return (JsonNode)o;
        }).ToArray();
        var reply = await _server.ImportAsync(articles);
        Assert.Equal(200, reply.Status);
        // Article 1 writes for both publications, article 2 for Weekly.
        var refs = new JsonArray(
            J($$"""{"from":"weaviate://localhost/Article/{{Id(1)}}/writesFor","to":"weaviate://localhost/Publication/{{Id(101)}}"}"""),
            J($$"""{"from":"weaviate://localhost/Article/{{Id(1)}}/writesFor","to":"weaviate://localhost/Publication/{{Id(102)}}"}"""),
            J($$"""{"from":"weaviate://localhost/Article/{{Id(2)}}/writesFor","to":"weaviate://localhost/Publication/{{Id(102)}}"}"""));
        Assert.Equal(200, (await _server.PostAsync("/v1/batch/references", refs)).Status);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Where_and_limit_return_the_matching_object_with_its_properties_and_times_as_strings()
    {
        var data = await _server.DataAsync("""
            {Get{Article(where:{operator:Equal,path:["title"],valueText:"T3"},limit:10){title wordCount score published tags
              _additional{id creationTimeUnix lastUpdateTimeUnix}}}}
            """);
        var hit = Assert.Single(data["Get"]!["Article"]!.AsArray())!;
        Assert.Equal("T3", (string)hit["title"]!);
        Assert.Equal(30, (int)hit["wordCount"]!);
        Assert.Equal(1.5, (double)hit["score"]!);
        Assert.False((bool)hit["published"]!);
        Assert.Equal(["all", "t0"], hit["tags"]!.AsArray().Select(t => (string)t!));
        Assert.Equal(Id(3), (string)hit["_additional"]!["id"]!);
        Assert.Equal(System.Text.Json.JsonValueKind.String, hit["_additional"]!["creationTimeUnix"]!.GetValueKind());
        Assert.True(long.Parse((string)hit["_additional"]!["lastUpdateTimeUnix"]!) > 0);
    }

    [Fact]
    public async Task Without_a_filter_objects_come_in_id_order_paged_by_offset_and_by_the_cursor()
    {
        var all = GraphQLKit.Ids((await _server.DataAsync("{Get{Article(limit:100){_additional{id}}}}"))["Get"]!["Article"]);
        Assert.Equal(Enumerable.Range(1, Count).Select(Id), all);
        var page = GraphQLKit.Ids((await _server.DataAsync("{Get{Article(limit:3,offset:2){_additional{id}}}}"))["Get"]!["Article"]);
        Assert.Equal(all.Skip(2).Take(3), page);
        var after = GraphQLKit.Ids((await _server.DataAsync(("""{Get{Article(limit:4,after:"@0"){_additional{id}}}}""").Replace("@0", Id(5))))["Get"]!["Article"]);
        Assert.Equal(all.Skip(5).Take(4), after);
    }

    [Fact]
    public async Task Sort_orders_by_a_property_either_way()
    {
        var data = await _server.DataAsync("""{Get{Article(sort:[{path:["wordCount"],order:desc}],limit:3){wordCount}}}""");
        Assert.Equal([100, 90, 80], data["Get"]!["Article"]!.AsArray().Select(a => (int)a!["wordCount"]!));
        data = await _server.DataAsync("""{Get{Article(sort:[{path:["score"],order:asc}],limit:2){score}}}""");
        Assert.Equal([0.5, 1.0], data["Get"]!["Article"]!.AsArray().Select(a => (double)a!["score"]!));
    }

    [Fact]
    public async Task ContainsAny_takes_a_list_in_valueText_as_the_ts_client_sends_it()
    {
        var data = await _server.DataAsync("""{Get{Article(where:{operator:ContainsAny,path:["tags"],valueText:["t1","t2"]},limit:100){_additional{id}}}}""");
        var expected = Enumerable.Range(1, Count).Where(i => i % 3 != 0).Select(Id).ToList();
        Assert.Equal(expected.Order(StringComparer.Ordinal), GraphQLKit.Ids(data["Get"]!["Article"]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task NearVector_returns_the_nearest_first_with_the_cosine_distance_and_certainty_computed_by_brute_force()
    {
        var query = VectorOf(4);
        var data = await _server.DataAsync(("""
            {Get{Article(nearVector:{vector:[@0]},limit:3){
              _additional{id distance certainty vector}}}}
            """).Replace("@0", $"{string.Join(",", query.Select(f => f.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}"));
        var hits = data["Get"]!["Article"]!.AsArray();
        var expected = Enumerable.Range(1, Count).Select(i => (Id: Id(i), Distance: CosineDistance(query, VectorOf(i))))
            .OrderBy(x => x.Distance).ThenBy(x => x.Id, StringComparer.Ordinal).Take(3).ToList();
        Assert.Equal(expected.Select(e => e.Id), GraphQLKit.Ids(hits));
        for (var k = 0; k < 3; k++)
        {
            var additional = hits[k]!["_additional"]!;
            Assert.Equal(expected[k].Distance, (double)additional["distance"]!, 4);
            Assert.Equal(1 - expected[k].Distance / 2, (double)additional["certainty"]!, 4);
            Assert.Equal(3, additional["vector"]!.AsArray().Count);
        }
    }

    [Fact]
    public async Task NearObject_finds_the_object_itself_first_by_id_or_beacon()
    {
        var byId = await _server.DataAsync(("""{Get{Article(nearObject:{id:"@0"},limit:2){_additional{id distance}}}}""").Replace("@0", Id(7)));
        Assert.Equal(Id(7), GraphQLKit.Ids(byId["Get"]!["Article"])[0]);
        Assert.Equal(0, (double)byId["Get"]!["Article"]![0]!["_additional"]!["distance"]!, 5);
        var byBeacon = await _server.DataAsync(("""{Get{Article(nearObject:{beacon:"weaviate://localhost/Article/@0"},limit:2){_additional{id}}}}""").Replace("@0", Id(7)));
        Assert.Equal(GraphQLKit.Ids(byId["Get"]!["Article"]), GraphQLKit.Ids(byBeacon["Get"]!["Article"]));
    }

    [Fact]
    public async Task References_come_through_fragments_on_the_target_class()
    {
        var data = await _server.DataAsync("""
            {Get{Article(where:{operator:Like,path:["id"],valueText:"*"},sort:[{path:["wordCount"],order:asc}],limit:3){
              title writesFor{... on Publication{name _additional{id}}}}}}
            """);
        var hits = data["Get"]!["Article"]!.AsArray();
        Assert.Equal(["Daily", "Weekly"], hits[0]!["writesFor"]!.AsArray().Select(p => (string)p!["name"]!));
        Assert.Equal(Id(102), (string)hits[1]!["writesFor"]![0]!["_additional"]!["id"]!);
        // An article that holds no reference answers null, as Weaviate answers it.
        Assert.Null(hits[2]!["writesFor"]);
    }

    [Fact]
    public async Task Variables_and_named_operations_are_read()
    {
        var data = await _server.DataAsync("""
            query Page($n: Int, $near: GetObjectsArticleNearObjectInpObj) { Get { Article(limit: $n, nearObject: $near,
              where: {operator: NotEqual, path: ["title"], valueText: "T1"}) { title } } }
            """, new JsonObject { ["n"] = 2, ["near"] = new JsonObject { ["id"] = Id(2) } }, "Page");
        Assert.Equal(2, data["Get"]!["Article"]!.AsArray().Count);
        Assert.Equal("T2", (string)data["Get"]!["Article"]![0]!["title"]!);
        Assert.DoesNotContain("T1", data["Get"]!["Article"]!.AsArray().Select(a => (string)a!["title"]!));
    }

    [Fact]
    public async Task The_schema_follows_classes_created_after_the_first_query_and_answers_introspection()
    {
        await _server.DataAsync("{Get{Article(limit:1){title}}}");
        await _server.CreateClassAsync("""{"class":"Later","properties":[{"name":"label","dataType":["text"]}]}""");
        Assert.Equal(200, (await _server.ImportAsync(Obj("Later", Id(500), """{"label":"new"}"""))).Status);
        var data = await _server.DataAsync("{Get{Later{label}}}");
        Assert.Equal("new", (string)data["Get"]!["Later"]![0]!["label"]!);

        var schema = await _server.DataAsync("""{__schema{queryType{name}} __type(name:"Article"){fields{name}}}""");
        Assert.Equal("WeaviateObj", (string)schema["__schema"]!["queryType"]!["name"]!);
        var fields = schema["__type"]!["fields"]!.AsArray().Select(f => (string)f!["name"]!).ToList();
        Assert.Contains("title", fields);
        Assert.Contains("writesFor", fields);
        Assert.Contains("_additional", fields);
    }

    private static double CosineDistance(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return 1 - dot / Math.Sqrt(na * nb);
    }
}
