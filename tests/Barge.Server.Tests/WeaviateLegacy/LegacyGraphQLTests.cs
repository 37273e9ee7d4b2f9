using System.Text.Json.Nodes;
using Barge.Server.Tests.GraphQL;
using Barge.Server.Tests.Support;
using Barge.Server.Tests.Weaviate;
using static Barge.Server.Tests.WeaviateLegacy.LegacyKit;

namespace Barge.Server.Tests.WeaviateLegacy;

/// <summary>
/// Reading back through GraphQL what the 0.x batching API wrote: <c>Get { Things|Actions { Class(where, limit) { prop
/// uuid _certainty RefProp { ... on Class { … } } } } }</c> and <c>Aggregate { Things { Class { meta { count } … } } }</c>
/// (spec §9), with the seeds/000 documentation classes imported through <c>/v1/batching/things|actions|references</c>.
/// </summary>
public sealed class LegacyGraphQLTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await _server.CreateDocumentationSchemaAsync();
        await _server.CreateKindClassAsync("actions", """{"class":"Review","properties":[{"name":"stars","dataType":["int"]},{"name":"about","dataType":["Article"]}]}""");
        Assert.Equal("2", (await _server.PostAsync("/v1/batching/things", $$$"""
            {"things":[{"class":"Article","id":"{{{Article1}}}","schema":{"title":"First light"}},
                       {"class":"Article","id":"{{{Article2}}}","schema":{"title":"Second wind"}} ]}
            """)).Headers["X-Batch-Succeeded"]);
        Assert.Equal("2", (await _server.PostAsync("/v1/batching/things", AuthorsBatch())).Headers["X-Batch-Succeeded"]);
        var refs = new JsonArray(new[] { (Jane, Article1), (Jane, Article2), (John, Article2) }.Select(r => (JsonNode)new JsonObject
        {
            ["from"] = $"weaviate://localhost/things/Author/{r.Item1}/wroteArticles", ["to"] = $"weaviate://localhost/things/{r.Item2}",
        }).ToArray());
        Assert.Equal("3", (await _server.PostAsync("/v1/batching/references", refs)).Headers["X-Batch-Succeeded"]);
        Assert.Equal("3", (await _server.PostAsync("/v1/batching/actions", $$$"""
            {"actions":[{"class":"Review","id":"{{{Id(1)}}}","schema":{"stars":4,"about":[{"beacon":"weaviate://localhost/things/{{{Article1}}}"}] } },
                        {"class":"Review","id":"{{{Id(2)}}}","schema":{"stars":2}},
                        {"class":"Review","id":"{{{Id(3)}}}","schema":{"stars":5}} ]}
            """)).Headers["X-Batch-Succeeded"]);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static string Id(int n) => $"00000000-0000-0000-0000-{n:D12}";

    private static Dictionary<string, JsonNode> ByUuid(JsonNode? list) =>
        (list as JsonArray ?? []).ToDictionary(o => (string)o!["uuid"]!, o => o!);

    [Fact]
    public async Task Get_things_reads_properties_uuid_and_references_under_their_capitalized_names()
    {
        var data = await _server.DataAsync("""
            {Get{Things{Author{name uuid _certainty WritesFor{... on Publication{name uuid}} WroteArticles{... on Article{title}}}}}}
            """);
        var authors = ByUuid(data["Get"]!["Things"]!["Author"]);
        Assert.Equal([Jane, John], authors.Keys.Order());
        Assert.Equal("Jane Doe", (string)authors[Jane]["name"]!);
        Assert.Null(authors[Jane]["_certainty"]); // 0.x set it only for a vector search
        var publication = Assert.Single(authors[Jane]["WritesFor"]!.AsArray())!;
        Assert.Equal("Times", (string)publication["name"]!);
        Assert.Equal(Publication, (string)publication["uuid"]!);
        Assert.Equal(["First light", "Second wind"], authors[Jane]["WroteArticles"]!.AsArray().Select(a => (string)a!["title"]!).Order());
        Assert.Equal(["Second wind"], authors[John]["WroteArticles"]!.AsArray().Select(a => (string)a!["title"]!));
    }

    [Fact]
    public async Task Where_and_limit_select_as_0x_did()
    {
        var jane = await _server.DataAsync("""{Get{Things{Author(where:{operator:Equal,path:["name"],valueString:"Jane Doe"}){uuid}}}}""");
        Assert.Equal([Jane], jane["Get"]!["Things"]!["Author"]!.AsArray().Select(a => (string)a!["uuid"]!));
        var one = await _server.DataAsync("""{Get{Things{Author(limit:1){uuid}}}}""");
        Assert.Single(one["Get"]!["Things"]!["Author"]!.AsArray());
        var stars = await _server.DataAsync("""{Get{Actions{Review(where:{operator:GreaterThanEqual,path:["stars"],valueInt:4}){uuid stars About{... on Article{title}}}}}}""");
        var reviews = ByUuid(stars["Get"]!["Actions"]!["Review"]);
        Assert.Equal([Id(1), Id(3)], reviews.Keys.Order());
        Assert.Equal("First light", (string)reviews[Id(1)]["About"]![0]!["title"]!);
    }

    [Fact]
    public async Task A_class_is_read_under_its_own_kind_only()
    {
        var reviews = await _server.DataAsync("{Get{Actions{Review{stars}}}}");
        Assert.Equal(3, reviews["Get"]!["Actions"]!["Review"]!.AsArray().Count);
        Assert.Equal(["Cannot query field \"Review\" on type \"GetThingsObj\"."], await _server.ErrorsAsync("{Get{Things{Review{stars}}}}"));
        Assert.Equal(["Cannot query field \"Author\" on type \"GetActionsObj\"."], await _server.ErrorsAsync("{Get{Actions{Author{name}}}}"));
    }

    [Fact]
    public async Task Aggregate_counts_and_groups_the_kinds_classes()
    {
        var all = await _server.DataAsync("{Aggregate{Things{Author{meta{count} name{count}}}}}");
        var authors = all["Aggregate"]!["Things"]!["Author"]![0]!;
        Assert.Equal(2, (int)authors["meta"]!["count"]!);
        Assert.Equal(2, (int)authors["name"]!["count"]!);
        var reviews = await _server.DataAsync("""{Aggregate{Actions{Review(where:{operator:GreaterThan,path:["stars"],valueInt:2}){meta{count} stars{sum maximum}}}}}""");
        var review = reviews["Aggregate"]!["Actions"]!["Review"]![0]!;
        Assert.Equal(2, (int)review["meta"]!["count"]!);
        Assert.Equal(9.0, (double)review["stars"]!["sum"]!);
        var grouped = await _server.DataAsync("""{Aggregate{Things{Author(groupBy:["name"]){meta{count} groupedBy{path value}}}}}""");
        Assert.Equal(["Jane Doe", "John Doe"], grouped["Aggregate"]!["Things"]!["Author"]!.AsArray().Select(g => (string)g!["groupedBy"]!["value"]!).Order());
        var pointing = await _server.DataAsync("{Aggregate{Actions{Review{About{pointingTo}}}}}");
        Assert.NotNull(pointing["Aggregate"]!["Actions"]!["Review"]![0]!["About"]);
    }

    [Fact]
    public async Task Bad_queries_fail_in_the_errors_array()
    {
        Assert.Equal(["Cannot query field \"Nope\" on type \"GetThingsObj\"."], await _server.ErrorsAsync("{Get{Things{Nope{name}}}}"));
        var badPath = await _server.ErrorsAsync("""{Get{Things{Author(where:{operator:Equal,path:["nope"],valueString:"x"}){name}}}}""");
        Assert.Contains("nope", Assert.Single(badPath));
        var badArgument = await _server.ErrorsAsync("""{Get{Things{Author(offset:1){name}}}}""");
        Assert.Contains("offset", Assert.Single(badArgument));
        var badFragment = await _server.ErrorsAsync("""{Get{Things{Author{WritesFor{... on Article{title}}}}}}""");
        Assert.NotEmpty(badFragment);
    }

    [Fact]
    public async Task The_same_objects_stay_readable_through_v1s_Get()
    {
        var data = await _server.DataAsync("{Get{Author{name writesFor{... on Publication{name}} _additional{id}}}}");
        Assert.Equal([Jane, John], GraphQLKit.Ids(data["Get"]!["Author"]).Order());
    }

    [Fact]
    public async Task V1_classes_whose_names_the_0x_kind_level_would_take_keep_them()
    {
        // "Things" would be the kind field under Get and Aggregate; "ThingsAuthor" would share the type names of the
        // 0.x Aggregate of Author. The v1 classes keep their names, and every other read still works.
        await _server.CreateClassAsync("""{"class":"Things","properties":[{"name":"label","dataType":["text"]}]}""");
        await _server.CreateClassAsync("""{"class":"ThingsAuthor","properties":[{"name":"label","dataType":["text"]}]}""");
        var v1 = await _server.DataAsync("{Get{Things{label} ThingsAuthor{label}} Aggregate{Things{meta{count}} ThingsAuthor{meta{count}}}}");
        Assert.Empty(v1["Get"]!["Things"]!.AsArray());
        Assert.Equal(0, (int)v1["Aggregate"]!["ThingsAuthor"]![0]!["meta"]!["count"]!);
        var actions = await _server.DataAsync("{Get{Actions{Review{stars}}}}");
        Assert.Equal(3, actions["Get"]!["Actions"]!["Review"]!.AsArray().Count);
    }
}
