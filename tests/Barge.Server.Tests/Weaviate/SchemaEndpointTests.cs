using System.Text.Json.Nodes;
using Barge.Core.Objects;
using Barge.Core.Storage;
using Barge.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Barge.Server.Tests.Weaviate;

public sealed class SchemaEndpointTests : IAsyncLifetime
{
    private TestServer _server = null!;
    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync();
    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private const string Article = """
        {"class":"article","description":"news","properties":[
          {"name":"Title","dataType":["text"]},
          {"name":"count","dataType":["int"]},
          {"name":"legacy","dataType":["string"]},
          {"name":"meta","dataType":["object"],"nestedProperties":[{"name":"source","dataType":["text"],"tokenization":"field"}]}
        ]}
        """;

    /// <summary>What a 1.25 server answers for <see cref="Article"/> (spec §5.2/§5.3 defaults).</summary>
    private const string ArticleWithDefaults = """
        {"class":"Article","description":"news",
         "invertedIndexConfig":{"bm25":{"b":0.75,"k1":1.2},"cleanupIntervalSeconds":60,"stopwords":{"additions":null,"preset":"en","removals":null}},
         "multiTenancyConfig":{"autoTenantCreation":false,"enabled":false},
         "properties":[
           {"dataType":["text"],"indexFilterable":true,"indexSearchable":true,"name":"title","tokenization":"word"},
           {"dataType":["int"],"indexFilterable":true,"indexSearchable":false,"name":"count"},
           {"dataType":["text"],"indexFilterable":true,"indexSearchable":true,"name":"legacy","tokenization":"whitespace"},
           {"dataType":["object"],"indexFilterable":true,"indexSearchable":false,"name":"meta",
            "nestedProperties":[{"dataType":["text"],"indexFilterable":true,"indexSearchable":true,"name":"source","tokenization":"field"}]}
         ],
         "replicationConfig":{"factor":1},
         "shardingConfig":{"actualCount":1,"actualVirtualCount":128,"desiredCount":1,"desiredVirtualCount":128,"function":"murmur3","key":"_id","strategy":"hash","virtualPerPhysical":128},
         "vectorIndexConfig":{"bq":{"enabled":false},"cleanupIntervalSeconds":300,"distance":"cosine","dynamicEfFactor":8,"dynamicEfMax":500,"dynamicEfMin":100,
           "ef":-1,"efConstruction":128,"flatSearchCutoff":40000,"maxConnections":64,
           "pq":{"bitCompression":false,"centroids":256,"enabled":false,"encoder":{"distribution":"log-normal","type":"kmeans"},"segments":0,"trainingLimit":100000},
           "skip":false,"vectorCacheMaxObjects":1000000000000},
         "vectorIndexType":"hnsw","vectorizer":"none"}
        """;

    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}\nactual   {actual?.ToJsonString()}");

    private static void AssertError(Reply reply, int status, string message)
    {
        Assert.True(reply.Status == status, reply.ToString());
        Assert.Equal(message, reply.ErrorMessage);
        Assert.Single(reply.Json["error"]!.AsArray());
    }

    private static void AssertFramework(Reply reply, int status, int code, string message)
    {
        Assert.True(reply.Status == status, reply.ToString());
        Assert.Equal(code, (int)reply.Json["code"]!);
        Assert.Equal(message, (string)reply.Json["message"]!);
    }

    [Fact]
    public async Task Create_answers_the_class_with_every_default_filled_in()
    {
        var reply = await _server.PostAsync("/v1/schema", Article);
        Assert.Equal(200, reply.Status);
        AssertJson(ArticleWithDefaults, reply.Json);
    }

    [Fact]
    public async Task Created_class_is_listed_and_found_by_lower_case_name()
    {
        await _server.PostAsync("/v1/schema", Article);
        await _server.PostAsync("/v1/schema", """{"class":"Author"}""");
        var list = await _server.GetAsync("/v1/schema");
        Assert.Equal(200, list.Status);
        Assert.Equal(["Article", "Author"], list.Json["classes"]!.AsArray().Select(c => (string)c!["class"]!));
        var one = await _server.GetAsync("/v1/schema/article");
        AssertJson(ArticleWithDefaults, one.Json);
        Assert.Null((await _server.GetAsync("/v1/schema/Author")).Json["properties"]);
        Assert.Contains("\"properties\":null", (await _server.GetAsync("/v1/schema/Author")).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_schema_lists_no_classes()
    {
        var reply = await _server.GetAsync("/v1/schema");
        AssertJson("""{"classes":[]}""", reply.Json);
    }

    [Fact]
    public async Task Unknown_class_is_an_empty_404()
    {
        var reply = await _server.GetAsync("/v1/schema/Nope");
        Assert.Equal(404, reply.Status);
        Assert.Equal("", reply.Body);
    }

    [Fact]
    public async Task Default_tokenization_comes_from_the_server_options()
    {
        await using var server = await TestServer.StartAsync(o => o with { DefaultTokenization = "field" });
        var reply = await server.PostAsync("/v1/schema", """{"class":"A","properties":[{"name":"t","dataType":["text"]}]}""");
        Assert.Equal("field", (string)reply.Json["properties"]![0]!["tokenization"]!);
    }

    [Theory]
    [InlineData("""{"class":"Article"}""", "class name Article already exists")]
    [InlineData("""{"class":"ARTICLE"}""", "class already exists: found similar class \"Article\"")]
    [InlineData("""{"class":"1abc"}""", "'1abc' is not a valid class name")]
    [InlineData("""{"class":"B","properties":[{"name":"id","dataType":["text"]}]}""", "'id' is a reserved property name")]
    [InlineData("""{"class":"B","properties":[{"name":"a","dataType":["foo"]}]}""", "property 'a': invalid dataType: unknown primitive data type 'foo'")]
    [InlineData("""{"class":"B","properties":[{"name":"a","dataType":[]}]}""", "property 'a': invalid dataType: dataType must have at least one element")]
    [InlineData("""{"class":"B","properties":[{"name":"a","dataType":["Nope"]}]}""", "property 'a': invalid dataType: reference property to nonexistent class")]
    [InlineData("""{"class":"B","properties":[{"name":"a","dataType":["int[]"],"tokenization":"word"}]}""", "Tokenization is not allowed for data type 'int[]'")]
    [InlineData("""{"class":"B","properties":[{"name":"a","dataType":["text"]},{"name":"a","dataType":["int"]}]}""", "class \"B\": conflict for property \"a\": already in use or provided multiple times")]
    [InlineData("""{"class":"B","vectorIndexType":"ivf"}""", "unrecognized or unsupported vectorIndexType \"ivf\"")]
    [InlineData("""{"class":"B","vectorizer":"none","vectorConfig":{"v":{"vectorizer":{"none":{}}}}}""", "class.vectorizer \"none\" can not be set if class.vectorConfig is configured")]
    public async Task Invalid_classes_are_refused_with_422(string body, string message)
    {
        await _server.PostAsync("/v1/schema", Article);
        AssertError(await _server.PostAsync("/v1/schema", body), 422, message);
    }

    [Theory]
    [InlineData("""{"class":"B","properties":5}""", "properties in body must be of type array: \"number\"")]
    [InlineData("""{"class":"B","properties":[{"name":"a","dataType":"text"}]}""", "properties.0.dataType in body must be of type array: \"string\"")]
    [InlineData("""{"class":7}""", "class in body must be of type string: \"number\"")]
    [InlineData("""{"class":"B","invertedIndexConfig":{"cleanupIntervalSeconds":"x"}}""", "invertedIndexConfig.cleanupIntervalSeconds in body must be of type integer: \"string\"")]
    [InlineData("""[1]""", "body in body must be of type object: \"array\"")]
    public async Task Wrong_json_types_are_framework_errors_not_500(string body, string message) =>
        AssertFramework(await _server.PostAsync("/v1/schema", body), 422, 601, message);

    [Fact]
    public async Task Empty_and_malformed_bodies_are_framework_errors()
    {
        AssertFramework(await _server.PostAsync("/v1/schema", " "), 422, 602, "body in body is required");
        var malformed = await _server.PostAsync("/v1/schema", "{");
        Assert.Equal(400, malformed.Status);
        Assert.StartsWith("parsing body body from \"\" failed", (string)malformed.Json["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_changes_the_description_and_echoes_the_class()
    {
        var created = (await _server.PostAsync("/v1/schema", Article)).Json.AsObject();
        created["description"] = "changed";
        created["invertedIndexConfig"]!["bm25"]!["k1"] = 1.5;
        var reply = await _server.PutAsync("/v1/schema/article", created);
        Assert.Equal(200, reply.Status);
        AssertJson(created.ToJsonString(), reply.Json);
        AssertJson(created.ToJsonString(), (await _server.GetAsync("/v1/schema/Article")).Json);
    }

    [Theory]
    [InlineData("""{"class":"Other"}""", "class name is immutable: attempted change from \"Article\" to \"Other\"")]
    [InlineData("""{"class":"Article","multiTenancyConfig":{"enabled":true}}""", "enabling multi-tenancy for an existing class is not supported")]
    [InlineData("""{"class":"Article","properties":[{"name":"title","dataType":["int"]}]}""",
        "property fields other than description cannot be updated through updating the class. Use the add property feature (e.g. \"POST /v1/schema/{className}/properties\") to add additional properties")]
    public async Task Forbidden_updates_are_refused_with_422(string body, string message)
    {
        await _server.PostAsync("/v1/schema", """{"class":"Article","properties":[{"name":"title","dataType":["text"]}]}""");
        AssertError(await _server.PutAsync("/v1/schema/Article", body), 422, message);
    }

    [Fact]
    public async Task Disabling_multi_tenancy_is_refused()
    {
        await _server.PostAsync("/v1/schema", """{"class":"Mt","multiTenancyConfig":{"enabled":true}}""");
        AssertError(await _server.PutAsync("/v1/schema/Mt", """{"class":"Mt","multiTenancyConfig":{"enabled":false}}"""), 422,
            "disabling multi-tenancy for an existing class is not supported");
    }

    [Fact]
    public async Task Updating_an_unknown_class_is_an_empty_404()
    {
        var reply = await _server.PutAsync("/v1/schema/Nope", """{"class":"Nope"}""");
        Assert.Equal(404, reply.Status);
        Assert.Equal("", reply.Body);
    }

    [Fact]
    public async Task Delete_removes_the_class_and_its_objects_and_is_idempotent()
    {
        await _server.PostAsync("/v1/schema", Article);
        var store = _server.Server.Services.GetRequiredService<IObjectStore>();
        var id = Guid.NewGuid().ToString();
        await store.WriteAsync([new PutObject(new StoredObject { Class = "Article", Id = id, Properties = new JsonObject() }, [], PutMode.Upsert)]);
        Assert.NotNull(await store.GetAsync("Article", id, null));

        var reply = await _server.DeleteAsync("/v1/schema/article");
        Assert.Equal(200, reply.Status);
        Assert.Equal("", reply.Body);
        Assert.Equal(404, (await _server.GetAsync("/v1/schema/Article")).Status);
        Assert.Null(await store.GetAsync("Article", id, null));
        Assert.Equal(200, (await _server.DeleteAsync("/v1/schema/Article")).Status);
    }

    [Fact]
    public async Task Adding_a_property_echoes_it_with_defaults_and_stores_it()
    {
        await _server.PostAsync("/v1/schema", Article);
        var reply = await _server.PostAsync("/v1/schema/article/properties", """{"name":"Body","dataType":["string[]"]}""");
        Assert.Equal(200, reply.Status);
        AssertJson("""{"dataType":["text[]"],"indexFilterable":true,"indexSearchable":true,"name":"body","tokenization":"whitespace"}""", reply.Json);
        var stored = (await _server.GetAsync("/v1/schema/Article")).Json["properties"]!.AsArray();
        Assert.Equal("body", (string)stored[^1]!["name"]!);

        var self = await _server.PostAsync("/v1/schema/Article/properties", """{"name":"related","dataType":["Article"]}""");
        Assert.Equal(200, self.Status);
        Assert.Null(self.Json["tokenization"]);
    }

    [Theory]
    [InlineData("Article", """{"name":"title","dataType":["text"]}""", "class \"Article\": conflict for property \"title\": already in use or provided multiple times")]
    [InlineData("Article", """{"name":"Title","dataType":["int"]}""", "class \"Article\": conflict for property \"title\": already in use or provided multiple times")]
    [InlineData("Article", """{"name":"x"}""", "property must contain dataType")]
    [InlineData("Article", """{"dataType":["text"]}""", "property must contain name")]
    [InlineData("Nope", """{"name":"x","dataType":["text"]}""", "class \"Nope\": not found")]
    [InlineData("Article", """{"name":"n","dataType":["int"],"indexSearchable":true}""", "`indexSearchable` is allowed only for text/text[] data types. For other data types set false or leave empty")]
    public async Task Invalid_new_properties_are_refused_with_422(string className, string body, string message)
    {
        await _server.PostAsync("/v1/schema", Article);
        AssertError(await _server.PostAsync($"/v1/schema/{className}/properties", body), 422, message);
    }

    [Fact]
    public async Task Schema_survives_a_restart()
    {
        await _server.PostAsync("/v1/schema", Article);
        await _server.PostAsync("/v1/schema", """{"class":"Named","vectorConfig":{"title":{"vectorizer":{"none":{}},"vectorIndexType":"flat"}}}""");
        await _server.PostAsync("/v1/schema/Article/properties", """{"name":"added","dataType":["date"]}""");
        var before = (await _server.GetAsync("/v1/schema")).Json;

        _server = await _server.RestartAsync();
        var after = (await _server.GetAsync("/v1/schema")).Json;
        AssertJson(before.ToJsonString(), after);
        var named = after["classes"]![1]!;
        Assert.Null(named["vectorizer"]);
        Assert.Equal("flat", (string)named["vectorConfig"]!["title"]!["vectorIndexType"]!);
        AssertError(await _server.PostAsync("/v1/schema", """{"class":"article"}"""), 422, "class name Article already exists");
    }
}
