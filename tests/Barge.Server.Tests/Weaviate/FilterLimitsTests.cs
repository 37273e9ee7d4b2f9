using Barge.Core.Filters;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.Weaviate;

/// <summary>The configured bounds on a filter's size hold on REST's delete by query and are published on /v1/meta.</summary>
public sealed class FilterLimitsTests
{
    [Fact]
    public async Task A_filter_past_the_configured_bound_is_refused_before_anything_is_deleted()
    {
        await using var server = await TestServer.StartAsync(o => o with { FilterLimits = new FilterLimits(MaxClauses: 2) });
        await server.CreateClassAsync("""{"class":"Article","properties":[{"name":"title","dataType":["text"]}]}""");
        Assert.Equal(200, (await server.ImportAsync(Obj("Article", Id(1), """{"title":"a"}"""))).Status);

        var wide = """{"operator":"Or","operands":[{"path":["title"],"operator":"Equal","valueText":"a"},{"path":["title"],"operator":"Equal","valueText":"b"},{"path":["title"],"operator":"Equal","valueText":"c"}]}""";
        var reply = await server.DeleteWhereAsync("Article", wide);
        Assert.Equal(422, reply.Status);
        Assert.Equal("validate: invalid where filter: the filter has more than 2 comparisons: narrow it, or raise BARGE_MAX_FILTER_CLAUSES", reply.ErrorMessage);
        Assert.Equal(1, await server.CountAsync("Article"));

        var meta = (await server.GetAsync("/v1/meta")).Json["limits"]!;
        Assert.Equal(2, (int)meta["maxFilterClauses"]!);
        Assert.Equal(FilterLimits.Default.MaxValues, (int)meta["maxFilterValues"]!);
    }
}
