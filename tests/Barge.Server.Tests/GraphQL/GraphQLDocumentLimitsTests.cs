using System.Text.Json.Nodes;
using Barge.Server.GraphQL;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.GraphQL;

/// <summary>
/// A GraphQL document past the configured bounds (<c>BARGE_MAX_GRAPHQL_*</c>) is answered with HTTP 200 and one error in
/// <c>errors</c> naming the bound and its setting, and no <c>data</c>: nothing of it is run. Within the bounds it answers.
/// The bounds are published on <c>/v1/meta</c>.
/// </summary>
public sealed class GraphQLDocumentLimitsTests
{
    private static string Repeat(string s, int n) => string.Concat(Enumerable.Repeat(s, n));

    private static async Task<TestServer> StartAsync(GraphQLDocumentLimits limits)
    {
        var server = await TestServer.StartAsync(o => o with { GraphQLLimits = limits });
        await server.CreateClassAsync("""{"class":"Article","properties":[{"name":"title","dataType":["text"]},{"name":"wordCount","dataType":["int"]}]}""");
        Assert.Equal(200, (await server.ImportAsync(Obj("Article", Id(1), """{"title":"Alpha","wordCount":1}"""))).Status);
        return server;
    }

    private static async Task AssertRefusedAsync(TestServer server, string query, string message)
    {
        var reply = await server.GraphQLAsync(query);
        Assert.True(reply.Status == 200, reply.ToString());
        Assert.Null(reply.Json["data"]);
        Assert.Equal(message, (string)reply.Json["errors"]!.AsArray().Single()!["message"]!);
    }

    [Fact]
    public async Task Fields_past_the_bound_are_refused_counting_each_fragment_spread_as_its_fields()
    {
        await using var server = await StartAsync(new GraphQLDocumentLimits(MaxFields: 6));
        const string tooMany = "the query selects more than 6 fields (counting the fields of each fragment spread): narrow it, or raise BARGE_MAX_GRAPHQL_FIELDS";

        // Get, Article and four fields: six.
        var data = await server.DataAsync("{Get{Article{title wordCount t2:title t3:title}}}");
        Assert.Equal("Alpha", (string)data["Get"]!["Article"]![0]!["t3"]!);
        await AssertRefusedAsync(server, "{Get{Article{title wordCount t2:title t3:title t4:title}}}", tooMany);
        // Two fields through a fragment spread three times, and through an inline fragment: seven and eight.
        await AssertRefusedAsync(server, "{Get{Article{...F ...F ...F title}}} fragment F on Article{title wordCount}", tooMany);
        await AssertRefusedAsync(server, "{Get{Article{... on Article{title wordCount} t2:title t3:title t4:title wordCount}}}", tooMany);
        // Aliases of the class field are fields too.
        await AssertRefusedAsync(server, "{Get{a:Article{title} b:Article{title} c:Article{title}}}", tooMany);
    }

    [Fact]
    public async Task A_fragment_spread_twice_at_each_of_thirty_levels_is_refused_at_the_default_bound_without_being_expanded()
    {
        await using var server = await StartAsync(GraphQLDocumentLimits.Default);
        var bomb = "{Get{Article{...F0}}} " + string.Concat(Enumerable.Range(0, 30).Select(i => $"fragment F{i} on Article{{...F{i + 1} ...F{i + 1}}} "))
            + "fragment F30 on Article{title}";
        await AssertRefusedAsync(server, bomb,
            $"the query selects more than {GraphQLDocumentLimits.Default.MaxFields} fields (counting the fields of each fragment spread): narrow it, or raise BARGE_MAX_GRAPHQL_FIELDS");
        // A fragment cycle is still validation's to report, in GraphQL.NET's words.
        var cycle = await server.ErrorsAsync("{Get{Article{...A}}} fragment A on Article{title ...B} fragment B on Article{wordCount ...A}");
        Assert.Contains(cycle, m => m.Contains("A", StringComparison.Ordinal) && m.Contains("itself", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Syntax_nodes_past_the_bound_are_refused_directives_and_filter_operands_included()
    {
        await using var server = await StartAsync(new GraphQLDocumentLimits(MaxNodes: 200));
        const string tooMany = "the document has more than 200 syntax nodes (names, arguments, directives and values): narrow it, or raise BARGE_MAX_GRAPHQL_NODES";

        Assert.Single((await server.DataAsync("{Get{Article(where:{operator:Equal,path:[\"title\"],valueText:\"Alpha\"}){title @include(if:true)}}}"))["Get"]!["Article"]!.AsArray());
        await AssertRefusedAsync(server, "{Get{Article{title " + Repeat("@include(if:true)", 50) + "}}}", tooMany);
        var operands = string.Join(",", Enumerable.Range(0, 30).Select(i => $"{{operator:Equal,path:[\"title\"],valueText:\"x{i}\"}}"));
        await AssertRefusedAsync(server, "{Get{Article(where:{operator:Or,operands:[" + operands + "]}){title}}}", tooMany);
        await AssertRefusedAsync(server, "{Get{Article(nearVector:{vector:[" + string.Join(",", Enumerable.Repeat("0.5", 300)) + "]}){title}}}", tooMany);
    }

    [Fact]
    public async Task A_document_nested_past_the_depth_bound_is_refused_and_within_it_answers()
    {
        await using var server = await StartAsync(new GraphQLDocumentLimits(MaxDepth: 12));
        Assert.Single((await server.DataAsync("{Get{Article{title}}}"))["Get"]!["Article"]!.AsArray());
        await AssertRefusedAsync(server, "{Get{Article{" + Repeat("... on Article{", 10) + "title" + Repeat("}", 10) + "}}}",
            "the document nests more than 12 levels of syntax: narrow it, or raise BARGE_MAX_GRAPHQL_DEPTH");
    }

    [Fact]
    public async Task In_a_batch_the_items_share_the_field_bound_and_the_bounds_are_published()
    {
        await using var server = await StartAsync(new GraphQLDocumentLimits(MaxFields: 4, MaxNodes: 300, MaxDepth: 40));
        var batch = await server.PostAsync("/v1/graphql/batch", JsonNode.Parse("""
            [{"query":"{Get{Article{title wordCount t2:title}}}"},{"query":"{Get{Article{title}}}"},{"query":"{Get{Article{title}}}"},{"query":"{Get{Article{title}}}"}]
            """)!);
        Assert.Equal(200, batch.Status);
        Assert.Equal("the query selects more than 4 fields (counting the fields of each fragment spread): narrow it, or raise BARGE_MAX_GRAPHQL_FIELDS",
            (string)batch.Json[0]!["errors"]![0]!["message"]!);
        Assert.Null(batch.Json[0]!["data"]);
        Assert.Equal("Alpha", (string)batch.Json[1]!["data"]!["Get"]!["Article"]![0]!["title"]!);
        // The items share the bound: the third and every later item would take the batch past it.
        foreach (var refused in new[] { batch.Json[2]!, batch.Json[3]! })
        {
            Assert.Null(refused["data"]);
            Assert.Equal("the batch's queries select more than 4 fields together: send fewer at once, or raise BARGE_MAX_GRAPHQL_FIELDS",
                (string)refused["errors"]![0]!["message"]!);
        }

        var limits = (await server.GetAsync("/v1/meta")).Json["limits"]!;
        Assert.Equal((4, 300, 40), ((int)limits["maxGraphQLFields"]!, (int)limits["maxGraphQLNodes"]!, (int)limits["maxGraphQLDepth"]!));
    }
}
