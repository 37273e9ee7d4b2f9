using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.GraphQL;

/// <summary>
/// The seed's promise: delete-by-query removes objects "in the same order that they would be returned using the same
/// filter in a Get query". Objects are imported so that insertion order and id order disagree; the filtered Get's
/// order is then the dry run's order, each real delete (QUERY_MAXIMUM_RESULTS per call) removes exactly the Get's
/// first page, and the next Get starts where the delete stopped.
/// </summary>
public sealed class GraphQLOrderTests : IAsyncLifetime
{
    private const int PerCall = 4;
    private TestServer _server = null!;

    /// <summary>Insertion order: ids shuffled by a fixed permutation, in three batches, so no id order can pass for it.</summary>
    private static readonly int[] Inserted = [7, 2, 11, 5, 1, 9, 12, 3, 8, 6, 10, 4];

    private const string Where = """{"operator":"Equal","path":["kind"],"valueText":"match"}""";
    private const string GraphQLWhere = """where:{operator:Equal,path:["kind"],valueText:"match"}""";

    private static bool Matches(int n) => n % 4 != 0;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync(o => o with { QueryMaximumResults = PerCall, QueryDefaultsLimit = PerCall });
        await _server.CreateClassAsync("""{"class":"Item","properties":[{"name":"kind","dataType":["text"]}]}""");
        foreach (var chunk in Inserted.Chunk(4))
        {
            var objects = chunk.Select(n => (JsonNode)Obj("Item", Id(n), $$"""{"kind":"{{(Matches(n) ? "match" : "other")}}"}""")).ToArray();
            Assert.Equal(200, (await _server.ImportAsync(objects)).Status);
        }
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task<List<string>> GetAsync(int limit, int offset = 0) =>
        GraphQLKit.Ids((await _server.DataAsync(("""{Get{Item(@0,limit:@1,offset:@2){_additional{id}}}}""").Replace("@0", GraphQLWhere).Replace("@1", limit.ToString()).Replace("@2", offset.ToString())))["Get"]!["Item"]);

    private static List<string> Listed(Reply reply)
    {
        Assert.True(reply.Status == 200, reply.ToString());
        return (reply.Json["results"]!["objects"] as JsonArray ?? []).Select(o => (string)o!["id"]!).ToList();
    }

    [Fact]
    public async Task Get_without_sort_returns_objects_in_the_order_delete_by_query_deletes_them()
    {
        var expected = Inserted.Where(Matches).Select(Id).ToList();
        Assert.NotEqual(expected.Order(StringComparer.Ordinal), expected);

        // The first page is the oldest matches, and offset pages on in that order.
        Assert.Equal(expected.Take(PerCall), await GetAsync(PerCall));
        Assert.Equal(expected.Skip(2).Take(2), await GetAsync(2, 2));

        // The dry run lists the same first page in the same order.
        Assert.Equal(await GetAsync(PerCall), Listed(await _server.DeleteWhereAsync("Item", Where, "verbose", dryRun: true)));

        // Each real delete removes exactly the Get's first page, in its order, until nothing matches.
        var deleted = new List<string>();
        while (true)
        {
            var page = await GetAsync(PerCall);
            if (page.Count == 0) break;
            var removed = Listed(await _server.DeleteWhereAsync("Item", Where, "verbose"));
            Assert.Equal(page, removed);
            deleted.AddRange(removed);
        }
        Assert.Equal(expected, deleted);
    }
}
