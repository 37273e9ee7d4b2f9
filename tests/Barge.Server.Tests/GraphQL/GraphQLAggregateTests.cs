using Barge.Server.Tests.Support;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.GraphQL;

/// <summary><c>Aggregate</c> over HTTP: meta count (all, filtered), groupBy with groupedBy, numeric, text and boolean aggregations, checked against the data.</summary>
public sealed class GraphQLAggregateTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private static readonly string[] Categories = ["news", "news", "sport", "news", "tech", "sport"];

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await _server.CreateClassAsync("""
            {"class":"Article","properties":[{"name":"category","dataType":["text"]},{"name":"wordCount","dataType":["int"]},
              {"name":"published","dataType":["boolean"]}]}
            """);
        var objects = Categories.Select((c, i) => (System.Text.Json.Nodes.JsonNode)Obj("Article", Id(i + 1),
            $$"""{"category":"{{c}}","wordCount":{{(i + 1) * 10}},"published":{{(i < 2 ? "true" : "false")}}}""")).ToArray();
        Assert.Equal(200, (await _server.ImportAsync(objects)).Status);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Meta_count_counts_all_or_the_filtered_objects()
    {
        var all = await _server.DataAsync("{Aggregate{Article{meta{count}}}}");
        Assert.Equal(Categories.Length, (int)all["Aggregate"]!["Article"]![0]!["meta"]!["count"]!);
        var news = await _server.DataAsync("""{Aggregate{Article(where:{operator:Equal,path:["category"],valueText:"news"}){meta{count}}}}""");
        Assert.Equal(Categories.Count(c => c == "news"), (int)news["Aggregate"]!["Article"]![0]!["meta"]!["count"]!);
    }

    [Fact]
    public async Task Property_aggregations_match_the_data()
    {
        var data = await _server.DataAsync("""
            {Aggregate{Article{wordCount{count sum mean maximum minimum} category{count topOccurrences(limit:1){value occurs}}
              published{totalTrue percentageTrue}}}}
            """);
        var a = data["Aggregate"]!["Article"]![0]!;
        var counts = Enumerable.Range(1, Categories.Length).Select(i => i * 10.0).ToList();
        Assert.Equal(counts.Count, (int)a["wordCount"]!["count"]!);
        Assert.Equal(counts.Sum(), (double)a["wordCount"]!["sum"]!);
        Assert.Equal(counts.Average(), (double)a["wordCount"]!["mean"]!, 6);
        Assert.Equal(counts.Max(), (double)a["wordCount"]!["maximum"]!);
        Assert.Equal(counts.Min(), (double)a["wordCount"]!["minimum"]!);
        var top = Assert.Single(a["category"]!["topOccurrences"]!.AsArray())!;
        Assert.Equal("news", (string)top["value"]!);
        Assert.Equal(3, (int)top["occurs"]!);
        Assert.Equal(2, (int)a["published"]!["totalTrue"]!);
        Assert.Equal(2.0 / Categories.Length, (double)a["published"]!["percentageTrue"]!, 6);
    }

    [Fact]
    public async Task GroupBy_answers_one_element_per_value_with_its_count_and_groupedBy()
    {
        var data = await _server.DataAsync("""{Aggregate{Article(groupBy:["category"]){meta{count} groupedBy{path value} wordCount{sum}}}}""");
        var groups = data["Aggregate"]!["Article"]!.AsArray();
        var expected = Categories.Select((c, i) => (c, w: (i + 1) * 10.0)).GroupBy(x => x.c).ToDictionary(g => g.Key, g => (Count: g.Count(), Sum: g.Sum(x => x.w)));
        Assert.Equal(expected.Count, groups.Count);
        foreach (var g in groups)
        {
            var value = (string)g!["groupedBy"]!["value"]!;
            Assert.Equal(["category"], g["groupedBy"]!["path"]!.AsArray().Select(p => (string)p!));
            Assert.Equal(expected[value].Count, (int)g["meta"]!["count"]!);
            Assert.Equal(expected[value].Sum, (double)g["wordCount"]!["sum"]!);
        }
        Assert.Equal("news", (string)groups[0]!["groupedBy"]!["value"]!);
    }
}
