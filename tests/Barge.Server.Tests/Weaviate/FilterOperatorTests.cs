using Barge.Server.Tests.Support;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.Weaviate;

/// <summary>
/// Where-filter matching through DELETE /v1/batch/objects dry runs (spec §4): every operator, tokenization,
/// arrays, id, len() and IsNull. Each test compares the exact set of matching ids.
/// </summary>
public sealed class FilterOperatorTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await _server.CreateClassAsync("""
            {"class":"Thing","invertedIndexConfig":{"indexNullState":true,"indexPropertyLength":true,"indexTimestamps":true},
             "properties":[
              {"name":"name","dataType":["text"],"tokenization":"word"},
              {"name":"code","dataType":["text"],"tokenization":"field"},
              {"name":"tags","dataType":["text[]"]},
              {"name":"count","dataType":["int"]},
              {"name":"score","dataType":["number"]},
              {"name":"flag","dataType":["boolean"]},
              {"name":"when","dataType":["date"]},
              {"name":"ref","dataType":["uuid"]},
              {"name":"loc","dataType":["geoCoordinates"]},
              {"name":"nums","dataType":["int[]"]}]}
            """);
        var reply = await _server.ImportAsync(
            Obj("Thing", Id(1), $$"""{"name":"The quick brown fox","code":"AB-1","tags":["red","green"],"count":1,"score":1.5,"flag":true,"when":"2020-01-01T00:00:00Z","ref":"{{Id(500)}}","loc":{"latitude":52.37,"longitude":4.89},"nums":[1,2]}"""),
            Obj("Thing", Id(2), $$"""{"name":"Lazy dog sleeps","code":"ab-2","tags":["blue"],"count":5,"score":2.5,"flag":false,"when":"2021-06-01T00:00:00Z","ref":"{{Id(501)}}","loc":{"latitude":48.85,"longitude":2.35},"nums":[3]}"""),
            Obj("Thing", Id(3), """{"name":"quick-thinking owl","code":"AB-1 extra","tags":["red","blue"],"count":10,"score":3.5,"flag":true,"when":"2022-03-01T12:00:00+02:00","loc":{"latitude":40.71,"longitude":-74.0},"nums":[]}"""),
            Obj("Thing", Id(4), """{"code":"XY","count":20}"""));
        Assert.All(reply.Json.AsArray(), i => Assert.Equal("SUCCESS", Status(i!)));
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task AssertMatches(string where, params int[] expected) =>
        Assert.Equal(expected.Select(Id).Order(StringComparer.Ordinal), await _server.MatchingIdsAsync("Thing", where));

    [Theory]
    [InlineData("""{"operator":"Equal","path":["name"],"valueText":"QUICK"}""", new[] { 1, 3 })]
    [InlineData("""{"operator":"Equal","path":["name"],"valueText":"quick fox"}""", new[] { 1 })]
    [InlineData("""{"operator":"Equal","path":["name"],"valueText":"thinking"}""", new[] { 3 })]
    [InlineData("""{"operator":"NotEqual","path":["name"],"valueText":"quick"}""", new[] { 2, 4 })]
    public async Task Word_tokenization_lower_cases_splits_and_ands_the_terms(string where, int[] expected) => await AssertMatches(where, expected);

    [Theory]
    [InlineData("""{"operator":"Equal","path":["code"],"valueText":"AB-1"}""", new[] { 1 })]
    [InlineData("""{"operator":"Equal","path":["code"],"valueText":"  AB-1 "}""", new[] { 1 })]
    [InlineData("""{"operator":"Equal","path":["code"],"valueText":"ab-1"}""", new int[0])]
    [InlineData("""{"operator":"Equal","path":["code"],"valueText":"AB-1 extra"}""", new[] { 3 })]
    public async Task Field_tokenization_compares_the_whole_trimmed_value_case_sensitively(string where, int[] expected) => await AssertMatches(where, expected);

    [Theory]
    [InlineData("Equal", 5, new[] { 2 })]
    [InlineData("NotEqual", 5, new[] { 1, 3, 4 })]
    [InlineData("GreaterThan", 5, new[] { 3, 4 })]
    [InlineData("GreaterThanEqual", 5, new[] { 2, 3, 4 })]
    [InlineData("LessThan", 5, new[] { 1 })]
    [InlineData("LessThanEqual", 5, new[] { 1, 2 })]
    public async Task Int_comparisons(string op, int value, int[] expected) =>
        await AssertMatches($$"""{"operator":"{{op}}","path":["count"],"valueInt":{{value}}}""", expected);

    [Theory]
    [InlineData("""{"operator":"GreaterThan","path":["score"],"valueNumber":2.5}""", new[] { 3 })]
    [InlineData("""{"operator":"LessThanEqual","path":["score"],"valueNumber":2.5}""", new[] { 1, 2 })]
    [InlineData("""{"operator":"Equal","path":["flag"],"valueBoolean":true}""", new[] { 1, 3 })]
    [InlineData("""{"operator":"NotEqual","path":["flag"],"valueBoolean":true}""", new[] { 2, 4 })]
    [InlineData("""{"operator":"GreaterThanEqual","path":["when"],"valueDate":"2021-06-01T00:00:00Z"}""", new[] { 2, 3 })]
    [InlineData("""{"operator":"Equal","path":["when"],"valueDate":"2022-03-01T10:00:00Z"}""", new[] { 3 })]
    [InlineData("""{"operator":"LessThan","path":["when"],"valueDate":"2021-01-01T00:00:00+01:00"}""", new[] { 1 })]
    public async Task Number_boolean_and_date_comparisons(string where, int[] expected) => await AssertMatches(where, expected);

    [Theory]
    [InlineData("""{"operator":"ContainsAny","path":["tags"],"valueTextArray":["red","yellow"]}""", new[] { 1, 3 })]
    [InlineData("""{"operator":"ContainsAll","path":["tags"],"valueTextArray":["red","blue"]}""", new[] { 3 })]
    [InlineData("""{"operator":"ContainsNone","path":["tags"],"valueTextArray":["red"]}""", new[] { 2, 4 })]
    [InlineData("""{"operator":"Equal","path":["tags"],"valueText":"blue"}""", new[] { 2, 3 })]
    [InlineData("""{"operator":"Equal","path":["nums"],"valueInt":3}""", new[] { 2 })]
    [InlineData("""{"operator":"ContainsAny","path":["nums"],"valueIntArray":[2,3]}""", new[] { 1, 2 })]
    [InlineData("""{"operator":"ContainsAny","path":["count"],"valueIntArray":[1,20]}""", new[] { 1, 4 })]
    [InlineData("""{"operator":"ContainsAny","path":["name"],"valueTextArray":["fox","owl"]}""", new[] { 1, 3 })]
    public async Task Contains_operators_and_equal_on_arrays(string where, int[] expected) => await AssertMatches(where, expected);

    [Theory]
    [InlineData("""{"operator":"Like","path":["name"],"valueText":"qu*"}""", new[] { 1, 3 })]
    [InlineData("""{"operator":"Like","path":["name"],"valueText":"?azy"}""", new[] { 2 })]
    [InlineData("""{"operator":"Like","path":["name"],"valueText":"LAZ?"}""", new[] { 2 })]
    [InlineData("""{"operator":"Like","path":["name"],"valueText":"*o*"}""", new[] { 1, 2, 3 })]
    [InlineData("""{"operator":"Like","path":["code"],"valueText":"AB-?"}""", new[] { 1 })]
    [InlineData("""{"operator":"Like","path":["code"],"valueText":"AB*"}""", new[] { 1, 3 })]
    [InlineData("""{"operator":"Like","path":["tags"],"valueText":"gr*"}""", new[] { 1 })]
    public async Task Like_matches_whole_tokens_with_star_and_question_mark(string where, int[] expected) => await AssertMatches(where, expected);

    [Theory]
    [InlineData("""{"operator":"IsNull","path":["name"],"valueBoolean":true}""", new[] { 4 })]
    [InlineData("""{"operator":"IsNull","path":["name"],"valueBoolean":false}""", new[] { 1, 2, 3 })]
    [InlineData("""{"operator":"IsNull","path":["nums"],"valueBoolean":true}""", new[] { 3, 4 })]
    public async Task IsNull_with_indexed_null_state(string where, int[] expected) => await AssertMatches(where, expected);

    [Theory]
    [InlineData(100_000, new[] { 1 })]
    [InlineData(1_000_000, new[] { 1, 2 })]
    [InlineData(10_000_000, new[] { 1, 2, 3 })]
    public async Task WithinGeoRange_uses_the_distance_in_meters(int meters, int[] expected) =>
        await AssertMatches("""{"operator":"WithinGeoRange","path":["loc"],"valueGeoRange":{"geoCoordinates":{"latitude":52.0,"longitude":5.0},"distance":{"max":""" + meters + "}}}", expected);

    [Theory]
    [InlineData("""{"operator":"Equal","path":["len(code)"],"valueInt":2}""", new[] { 4 })]
    [InlineData("""{"operator":"GreaterThan","path":["len(tags)"],"valueInt":1}""", new[] { 1, 3 })]
    [InlineData("""{"operator":"Equal","path":["len(name)"],"valueInt":0}""", new[] { 4 })]
    [InlineData("""{"operator":"LessThanEqual","path":["len(nums)"],"valueInt":0}""", new[] { 3, 4 })]
    public async Task Len_filters_on_indexed_property_length(string where, int[] expected) => await AssertMatches(where, expected);

    [Fact]
    public async Task Id_filters_use_valueText_in_any_case()
    {
        await AssertMatches($$"""{"operator":"Equal","path":["id"],"valueText":"{{Id(2)}}"}""", 2);
        await AssertMatches($$"""{"operator":"Equal","path":["_id"],"valueText":"{{Id(3).ToUpperInvariant()}}"}""", 3);
        await AssertMatches($$"""{"operator":"NotEqual","path":["id"],"valueText":"{{Id(2)}}"}""", 1, 3, 4);
        await AssertMatches($$"""{"operator":"ContainsAny","path":["id"],"valueTextArray":["{{Id(1)}}","{{Id(4)}}"]}""", 1, 4);
        await AssertMatches("""{"operator":"Like","path":["id"],"valueText":"*"}""", 1, 2, 3, 4);
    }

    [Fact]
    public async Task Uuid_properties_compare_as_text()
    {
        await AssertMatches($$"""{"operator":"Equal","path":["ref"],"valueText":"{{Id(501).ToUpperInvariant()}}"}""", 2);
        await AssertMatches($$"""{"operator":"ContainsAny","path":["ref"],"valueTextArray":["{{Id(500)}}","{{Id(501)}}"]}""", 1, 2);
    }

    [Fact]
    public async Task Timestamp_filters_on_creation_and_update_time()
    {
        var later = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds();
        await AssertMatches($$"""{"operator":"LessThan","path":["_creationTimeUnix"],"valueText":"{{later}}"}""", 1, 2, 3, 4);
        await AssertMatches($$"""{"operator":"GreaterThan","path":["_lastUpdateTimeUnix"],"valueText":"{{later}}"}""");
        await AssertMatches("""{"operator":"GreaterThan","path":["_creationTimeUnix"],"valueDate":"2020-01-01T00:00:00Z"}""", 1, 2, 3, 4);
    }

    [Fact]
    public async Task And_or_and_not_combine_operands()
    {
        await AssertMatches("""{"operator":"And","operands":[{"operator":"Equal","path":["flag"],"valueBoolean":true},{"operator":"GreaterThan","path":["count"],"valueInt":1}]}""", 3);
        await AssertMatches("""{"operator":"Or","operands":[{"operator":"Equal","path":["count"],"valueInt":1},{"operator":"Equal","path":["code"],"valueText":"XY"}]}""", 1, 4);
        await AssertMatches("""{"operator":"Not","operands":[{"operator":"Equal","path":["tags"],"valueText":"red"}]}""", 2, 4);
        await AssertMatches("""{"operator":"Not","operands":[{"operator":"Or","operands":[{"operator":"Equal","path":["count"],"valueInt":1},{"operator":"Equal","path":["count"],"valueInt":20}]}]}""", 2, 3);
    }

    [Fact]
    public async Task An_upper_case_property_name_is_retried_lower_cased()
    {
        await AssertMatches("""{"operator":"Equal","path":["Count"],"valueInt":10}""", 3);
    }
}
