using Barge.Server.Tests.Support;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.Weaviate;

/// <summary>Where-filter parse, validation and search-time errors as DELETE /v1/batch/objects reports them (spec §3.1, §4).</summary>
public sealed class FilterErrorTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await _server.CreateClassAsync("""
            {"class":"Plain","properties":[
              {"name":"title","dataType":["text"]},{"name":"score","dataType":["number"]},
              {"name":"loc","dataType":["geoCoordinates"]},{"name":"other","dataType":["Plain"]}]}
            """);
        await _server.ImportAsync(Obj("Plain", Id(1), """{"title":"hello","score":1}"""));
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task<string> ErrorAsync(string where, int status)
    {
        var reply = await _server.DeleteWhereAsync("Plain", where);
        Assert.True(reply.Status == status, reply.ToString());
        Assert.Equal(1, await _server.CountAsync("Plain"));
        return reply.ErrorMessage;
    }

    [Theory]
    [InlineData("""{"operator":"Equal","path":["title"]}""", "invalid where filter: got operator 'Equal', but no value<Type> field set")]
    [InlineData("""{"operator":"Equal","valueText":"x"}""", "invalid where filter: field 'path': must have at least one element")]
    [InlineData("""{"operator":"And","path":["title"],"operands":[{"operator":"Equal","path":["title"],"valueText":"x"}]}""", "invalid where filter: operator 'And' not compatible with field 'path', remove 'path' or switch to compare operator (eg. Equal, NotEqual, etc.)")]
    [InlineData("""{"operator":"Or","valueText":"x","operands":[{"operator":"Equal","path":["title"],"valueText":"x"}]}""", "invalid where filter: operator 'Or' not compatible with field 'value<Type>', remove value field or switch to compare operator (eg. Equal, NotEqual, etc.)")]
    [InlineData("""{"operator":"And","operands":[]}""", "invalid where filter: operator 'And', but no operands set - add at least one operand")]
    [InlineData("""{"operator":"Equal","path":["other","Plain"],"valueText":"x"}""", "invalid where filter: missing an argument after 'Plain'")]
    [InlineData("""{"operator":"Equal","path":["other","plain","title"],"valueText":"x"}""", "invalid where filter: Expected a valid class name in 'path' field for the filter but got 'plain'")]
    [InlineData("""{"operator":"WithinGeoRange","path":["loc"],"valueGeoRange":{"geoCoordinates":{"latitude":1,"longitude":1}}}""", "invalid where filter: valueGeoRange: field 'distance' must be set")]
    [InlineData("""{"operator":"WithinGeoRange","path":["loc"],"valueGeoRange":{"geoCoordinates":{"latitude":1,"longitude":1},"distance":{"max":-1}}}""", "invalid where filter: valueGeoRange: field 'distance.max' must be a positive number")]
    [InlineData("""{"operator":"WithinGeoRange","path":["loc"],"valueGeoRange":{"distance":{"max":10}}}""", "invalid where filter: valueGeoRange: field 'geoCoordinates' must be set")]
    public async Task Parse_errors_are_422_with_weaviates_message(string where, string message) =>
        Assert.Equal("validate: failed to parse where filter: " + message, await ErrorAsync(where, 422));

    [Fact]
    public async Task Two_value_fields_in_one_clause_are_refused()
    {
        var message = await ErrorAsync("""{"operator":"Equal","path":["title"],"valueText":"x","valueInt":1}""", 422);
        Assert.StartsWith("validate: failed to parse where filter: invalid where filter: found more than one values the clause '", message);
    }

    [Fact]
    public async Task An_operand_error_names_its_index()
    {
        var message = await ErrorAsync("""{"operator":"And","operands":[{"operator":"Equal","path":["title"],"valueText":"x"},{"operator":"Equal","path":["title"]}]}""", 422);
        Assert.StartsWith("validate: failed to parse where filter: invalid where filter: operand 1: ", message);
        Assert.EndsWith("got operator 'Equal', but no value<Type> field set", message);
    }

    [Theory]
    [InlineData("""{"operator":"Equal","path":["score"],"valueInt":1}""", "data type filter cannot use \"valueInt\" on type \"number\", use \"valueNumber\" instead")]
    [InlineData("""{"operator":"Equal","path":["title"],"valueBoolean":true}""", "data type filter cannot use \"valueBoolean\" on type \"text\", use \"valueText\" instead")]
    [InlineData("""{"operator":"Equal","path":["id"],"valueInt":1}""", "using [\"_id\"] to filter by uuid: must use \"valueText\" to specify the id")]
    [InlineData("""{"operator":"IsNull","path":["title"],"valueText":"x"}""", "operator IsNull requires a booleanValue, got \"valueText\" instead")]
    [InlineData("""{"operator":"Equal","path":["other","Nowhere","title"],"valueText":"x"}""", "class \"Nowhere\" does not exist in schema")]
    [InlineData("""{"operator":"Equal","path":["missing"],"valueText":"x"}""", "no such prop with name 'missing' found in class 'Plain' in the schema. Check your schema files for which properties in this class are available")]
    public async Task Validation_errors_are_422_with_weaviates_message(string where, string message) =>
        Assert.Equal("validate: invalid where filter: " + message, await ErrorAsync(where, 422));

    [Theory]
    [InlineData("""{"operator":"IsNull","path":["title"],"valueBoolean":true}""", "Nullstate must be indexed to be filterable! Add `indexNullState: true` to the invertedIndexConfig")]
    [InlineData("""{"operator":"Equal","path":["len(title)"],"valueInt":1}""", "Property length must be indexed to be filterable!")]
    [InlineData("""{"operator":"Equal","path":["title"],"valueText":"the a"}""", "invalid search term, only stopwords provided. Stopwords can be configured in class.invertedIndexConfig.stopwords")]
    public async Task Search_time_errors_are_422_and_delete_nothing(string where, string message)
    {
        var error = await ErrorAsync(where, 422);
        Assert.StartsWith("batch delete objects: ", error);
        Assert.Contains(message, error);
    }
}
