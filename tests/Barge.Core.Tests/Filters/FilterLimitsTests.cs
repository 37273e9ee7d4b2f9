using Barge.Core.Filters;
using static Barge.Core.Tests.Filters.TestSchema;

namespace Barge.Core.Tests.Filters;

/// <summary>The bounds on a filter's size: each refused with the bound and its setting, anything within them validated as before.</summary>
public sealed class FilterLimitsTests
{
    private static readonly FilterLimits Small = new(MaxClauses: 3, MaxValues: 4, MaxDepth: 2, MaxReferenceHops: 1, MaxLikeWildcards: 2);

    private static string? Error(string json) => FilterValidator.Validate(Parse(json), Article(), Lookup, out _, Small);

    private static string Eq(int i) => $$"""{"operator":"Equal","path":["title"],"valueText":"v{{i}}"}""";

    [Fact]
    public void Within_every_bound_the_filter_is_validated_as_before()
    {
        Assert.Null(Error($$"""{"operator":"And","operands":[{{Eq(1)}},{"operator":"Or","operands":[{{Eq(2)}},{{Eq(3)}}]}]}"""));
        Assert.Null(Error("""{"operator":"ContainsAny","path":["tags"],"valueTextArray":["a","b","c","d"]}"""));
        Assert.Null(Error("""{"operator":"Like","path":["title"],"valueText":"a*b?"}"""));
        Assert.Null(Error("""{"operator":"Equal","path":["author","Author","name"],"valueText":"x"}"""));
        // Within the bounds, validation errors are Weaviate's as before.
        Assert.StartsWith("no such prop with name 'nope'", Error("""{"operator":"Equal","path":["nope"],"valueText":"x"}"""));
    }

    [Theory]
    [InlineData("clauses", "the filter has more than 3 comparisons: narrow it, or raise BARGE_MAX_FILTER_CLAUSES")]
    [InlineData("values", "the filter has more than 4 values: narrow it, or raise BARGE_MAX_FILTER_VALUES")]
    [InlineData("depth", "the filter nests And, Or and Not more than 2 levels: narrow it, or raise BARGE_MAX_FILTER_DEPTH")]
    [InlineData("hops", "the filter's path follows more than 1 references: narrow it, or raise BARGE_MAX_FILTER_REFERENCE_HOPS")]
    [InlineData("wildcards", "the Like pattern has more than 2 wildcards (* and ?): narrow it, or raise BARGE_MAX_FILTER_LIKE_WILDCARDS")]
    public void Past_a_bound_the_filter_is_refused_naming_the_setting(string bound, string expected)
    {
        var json = bound switch
        {
            "clauses" => $$"""{"operator":"Or","operands":[{{Eq(1)}},{{Eq(2)}},{{Eq(3)}},{{Eq(4)}}]}""",
            "values" => """{"operator":"ContainsAny","path":["tags"],"valueTextArray":["a","b","c","d","e"]}""",
            "depth" => $$"""{"operator":"Not","operands":[{"operator":"Not","operands":[{"operator":"Not","operands":[{{Eq(1)}}]}]}]}""",
            "hops" => """{"operator":"Equal","path":["author","Author","org","Org","city"],"valueText":"x"}""",
            _ => """{"operator":"Like","path":["title"],"valueText":"*a*b*"}""",
        };
        Assert.Equal(expected, Error(json));
    }

    [Fact]
    public void The_defaults_apply_when_no_limits_are_given()
    {
        var wide = $$"""{"operator":"Or","operands":[{{string.Join(",", Enumerable.Range(0, FilterLimits.Default.MaxClauses + 1).Select(Eq))}}]}""";
        Assert.Equal("the filter has more than 500 comparisons: narrow it, or raise BARGE_MAX_FILTER_CLAUSES", Validate(wide).Error);
    }
}
