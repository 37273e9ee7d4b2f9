using System.Text.Json;
using Barge.Core.Filters;
using Barge.Server.Weaviate.Filters;

namespace Barge.Server.Tests.Weaviate;

/// <summary>The v1 where JSON's parser and echo (wire forms of the Weaviate dialect), tested without a server.</summary>
public class WhereFilterParserTests
{
    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static FilterNode Parse(string json)
    {
        var result = WhereFilterParser.Parse(Json(json));
        Assert.Null(result.Error);
        return result.Filter!;
    }

    private static string? Error(string json) => WhereFilterParser.Parse(Json(json)).Error;

    [Theory]
    [InlineData("""{"operator":"Equal","valueInt":1}""", "invalid where filter: field 'path': must have at least one element")]
    [InlineData("""{"operator":"Equal","path":[],"valueInt":1}""", "invalid where filter: field 'path': must have at least one element")]
    [InlineData("""{"operator":"Equal","path":["a"]}""", "invalid where filter: got operator 'Equal', but no value<Type> field set")]
    [InlineData("""{"operator":"Equal"}""", "invalid where filter: got operator 'Equal', but no value<Type> field set")]
    [InlineData("""{"operator":"Equal","path":["a"],"valueIntArray":[]}""", "invalid where filter: got operator 'Equal', but no value<Type> field set")]
    [InlineData("""{"operator":"X"}""", "unrecognized operator: X")]
    [InlineData("""{"operator":"And","operands":[{"operator":"X"}]}""", "invalid where filter: operand 0: unrecognized operator: X")]
    [InlineData("""{"operator":"And","path":["a"]}""", "invalid where filter: operator 'And' not compatible with field 'path', remove 'path' or switch to compare operator (eg. Equal, NotEqual, etc.)")]
    [InlineData("""{"operator":"Or","valueInt":43}""", "invalid where filter: operator 'Or' not compatible with field 'value<Type>', remove value field or switch to compare operator (eg. Equal, NotEqual, etc.)")]
    [InlineData("""{"operator":"And"}""", "invalid where filter: operator 'And', but no operands set - add at least one operand")]
    [InlineData("""{"operator":"And","operands":[]}""", "invalid where filter: operator 'And', but no operands set - add at least one operand")]
    [InlineData("""{"operator":"WithinGeoRange","path":["a"],"valueGeoRange":{"geoCoordinates":{"latitude":1,"longitude":2}}}""", "invalid where filter: valueGeoRange: field 'distance' must be set")]
    [InlineData("""{"operator":"WithinGeoRange","path":["a"],"valueGeoRange":{"distance":{"max":-1},"geoCoordinates":{"latitude":1,"longitude":2}}}""", "invalid where filter: valueGeoRange: field 'distance.max' must be a positive number")]
    [InlineData("""{"operator":"WithinGeoRange","path":["a"],"valueGeoRange":{"distance":{"max":1}}}""", "invalid where filter: valueGeoRange: field 'geoCoordinates' must be set")]
    [InlineData("""{"operator":"Equal","path":["a","B"],"valueInt":1}""", "invalid where filter: missing an argument after 'B'")]
    [InlineData("""{"operator":"Equal","path":["a","b","c"],"valueInt":1}""", "invalid where filter: Expected a valid class name in 'path' field for the filter but got 'b'")]
    [InlineData("""{"operator":"Equal","path":["a-b"],"valueInt":1}""", "invalid where filter: Expected a valid property name in 'path' field for the filter, but got 'a-b'")]
    public void Reports_weaviates_messages(string json, string expected) => Assert.Equal(expected, Error(json));

    [Fact]
    public void Nested_operand_errors_repeat_the_wrapper_like_go()
    {
        Assert.Equal("invalid where filter: operand 1: invalid where filter: got operator 'Equal', but no value<Type> field set",
            Error("""{"operator":"Or","operands":[{"operator":"Equal","path":["a"],"valueInt":1},{"operator":"Equal","path":["a"]}]}"""));
    }

    [Fact]
    public void Two_values_are_rejected_with_the_go_json_of_the_clause()
    {
        Assert.Equal("""invalid where filter: found more than one values the clause '{"operands":null,"operator":"Equal","path":["a"],"valueInt":1,"valueText":"x"}'""",
            Error("""{"valueText":"x","operator":"Equal","path":["a"],"valueInt":1}"""));
    }

    [Fact]
    public void Parses_a_tree_with_values()
    {
        var node = Parse("""{"operator":"Not","operands":[{"operator":"ContainsAny","path":["tags"],"valueStringArray":["a","b"]}]}""");
        var not = Assert.IsType<CompoundFilter>(node);
        var leaf = Assert.IsType<ClauseFilter>(Assert.Single(not.Operands));
        Assert.Equal(FilterOperator.ContainsAny, leaf.Operator);
        Assert.Equal(FilterValueType.Text, leaf.Value.Type);
        Assert.True(leaf.Value.IsArray);
        Assert.Equal(["a", "b"], leaf.Value.Items.Cast<string>());
        Assert.Equal("valueString", leaf.Value.TypeName);
    }

    [Fact]
    public void Not_takes_exactly_one_operand() =>
        Assert.StartsWith("invalid where filter: operator 'Not' requires exactly one operand",
            Error("""{"operator":"Not","operands":[{"operator":"Equal","path":["a"],"valueInt":1},{"operator":"Equal","path":["a"],"valueInt":1}]}"""));

    [Fact]
    public void Upper_case_property_is_retried_lower_cased_and_len_is_accepted()
    {
        Assert.Null(Error("""{"operator":"Equal","path":["len(title)"],"valueInt":1}"""));
        var leaf = Assert.IsType<ClauseFilter>(Parse("""{"operator":"Equal","path":["Title"],"valueText":"x"}"""));
        Assert.Equal(["Title"], leaf.Path); // valid as written; the validator retries it lower-cased
    }

    [Fact]
    public void Echo_marks_leaves_with_null_operands_and_compounds_with_null_path()
    {
        var node = Parse("""{"operator":"And","operands":[{"valueText":"Alpha","path":["title"],"operator":"Equal"}]}""");
        Assert.Equal("""{"operands":[{"operands":null,"operator":"Equal","path":["title"],"valueText":"Alpha"}],"operator":"And","path":null}""",
            WhereFilterJson.ToJson(node).ToJsonString());
    }
}
