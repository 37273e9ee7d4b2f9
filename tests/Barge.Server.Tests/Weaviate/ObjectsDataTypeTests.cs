using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.Weaviate.ObjectsAssert;

namespace Barge.Server.Tests.Weaviate;

/// <summary>Validation and normalization of each data type as seen through <c>POST /v1/objects</c> (unit tests cover the rest).</summary>
public sealed class ObjectsDataTypeTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync(o => o with { AutoSchemaEnabled = false });
        await CreateClassAsync(_server, """
            {"class":"Thing","properties":[
              {"name":"text","dataType":["text"]},{"name":"int","dataType":["int"]},{"name":"number","dataType":["number"]},
              {"name":"flag","dataType":["boolean"]},{"name":"date","dataType":["date"]},{"name":"uuid","dataType":["uuid"]},
              {"name":"geo","dataType":["geoCoordinates"]},{"name":"phone","dataType":["phoneNumber"]},{"name":"blob","dataType":["blob"]},
              {"name":"texts","dataType":["text[]"]},{"name":"ints","dataType":["int[]"]},{"name":"numbers","dataType":["number[]"]},
              {"name":"dates","dataType":["date[]"]},
              {"name":"meta","dataType":["object"],"nestedProperties":[{"name":"source","dataType":["text"]}]}
            ]}
            """);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private Task<Reply> PostAsync(string properties) => _server.PostAsync("/v1/objects", $$$"""{"class":"Thing","properties":{{{properties}}}}""");

    private async Task AssertStoredAsync(string properties, string expected)
    {
        var reply = await PostAsync(properties);
        Status(reply, 200);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), reply.Json["properties"]), reply.Body);
        var read = await _server.GetAsync($"/v1/objects/Thing/{(string)reply.Json["id"]!}");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), read.Json["properties"]), read.Body);
    }

    [Theory]
    [InlineData("""{"text":"héllo ✓ 𝄞"}""", """{"text":"héllo ✓ 𝄞"}""")]
    [InlineData("""{"int":42}""", """{"int":42}""")]
    [InlineData("""{"number":1.5}""", """{"number":1.5}""")]
    [InlineData("""{"number":7}""", """{"number":7}""")]
    [InlineData("""{"flag":false}""", """{"flag":false}""")]
    [InlineData("""{"date":"2020-01-01T00:00:00+02:00"}""", """{"date":"2020-01-01T00:00:00+02:00"}""")]
    [InlineData("""{"uuid":"6F1C0D2E-3A4B-4C5D-8E6F-708192A3B4C5"}""", """{"uuid":"6f1c0d2e-3a4b-4c5d-8e6f-708192a3b4c5"}""")]
    [InlineData("""{"geo":{"latitude":52.37,"longitude":4.9}}""", """{"geo":{"latitude":52.37,"longitude":4.9}}""")]
    [InlineData("""{"blob":"aGVsbG8="}""", """{"blob":"aGVsbG8="}""")]
    [InlineData("""{"texts":["a","b"]}""", """{"texts":["a","b"]}""")]
    [InlineData("""{"ints":[1,2]}""", """{"ints":[1,2]}""")]
    [InlineData("""{"meta":{"source":"wire"}}""", """{"meta":{"source":"wire"}}""")]
    public async Task Valid_values_are_stored_and_read_back_normalized(string properties, string expected)
    {
        await AssertStoredAsync(properties, expected);
    }

    [Fact]
    public async Task Phone_numbers_are_parsed_into_their_parts()
    {
        var reply = await PostAsync("""{"phone":{"input":"020 1234567","defaultCountry":"nl"}}""");
        Status(reply, 200);
        var phone = reply.Json["properties"]!["phone"]!;
        Assert.StartsWith("+31 20", (string)phone["internationalFormatted"]!);
        Assert.Equal(201234567, (long)phone["national"]!);
        Assert.Equal(31, (int)phone["countryCode"]!);
        Assert.True((bool)phone["valid"]!);
    }

    [Theory]
    [InlineData("""{"text":5}""", "invalid text property 'text' on class 'Thing': not a string, but json.Number")]
    [InlineData("""{"text":true}""", "invalid text property 'text' on class 'Thing': not a string, but bool")]
    [InlineData("""{"text":{"a":1}}""", "invalid text property 'text' on class 'Thing': not a string, but map[string]interface {}")]
    [InlineData("""{"int":4.0}""", "invalid integer property 'int' on class 'Thing': the JSON number '4.0' could not be converted to an int")]
    [InlineData("""{"int":1.5}""", "invalid integer property 'int' on class 'Thing': the JSON number '1.5' could not be converted to an int")]
    [InlineData("""{"int":"abc"}""", "invalid integer property 'int' on class 'Thing': requires an integer, the given value is 'abc'")]
    [InlineData("""{"number":"x"}""", "invalid number property 'number' on class 'Thing': requires a float, the given value is 'x'")]
    [InlineData("""{"flag":1}""", "invalid boolean property 'flag' on class 'Thing': not a bool, but json.Number")]
    [InlineData("""{"date":"yesterday"}""", "invalid date property 'date' on class 'Thing': requires a string with a RFC3339 formatted date, but the given value is 'yesterday'")]
    [InlineData("""{"uuid":"nope"}""", "invalid uuid property 'uuid' on class 'Thing': requires a string of UUID format, but the given value is 'nope'")]
    [InlineData("""{"geo":{"longitude":4.9}}""", "invalid geoCoordinates property 'geo' on class 'Thing': geoCoordinates is missing required field 'latitude'")]
    [InlineData("""{"phone":{"defaultCountry":"nl"}}""", "invalid phoneNumber property 'phone' on class 'Thing': phoneNumber is missing required field 'input'")]
    [InlineData("""{"texts":"a"}""", "invalid text array property 'texts' on class 'Thing': not a text array, but string")]
    [InlineData("""{"meta":{"other":"x"}}""", "invalid object property 'meta' on class 'Thing': unknown property 'meta.other'")]
    [InlineData("""{"nope":"x"}""", "no such prop with name 'nope' found in class 'Thing' in the schema. Check your schema files for which properties in this class are available")]
    public async Task Invalid_values_are_422_with_weaviate_messages(string properties, string message)
    {
        Error(await PostAsync(properties), 422, "invalid object: " + message);
    }

    [Theory]
    [InlineData("""{"blob":"not base64!"}""")]
    [InlineData("""{"ints":[1,"x"]}""")]
    [InlineData("""{"numbers":[1,"x"]}""")]
    [InlineData("""{"dates":["2020-01-01T00:00:00Z","x"]}""")]
    [InlineData("""{"geo":{"latitude":"north","longitude":4.9}}""")]
    public async Task Other_invalid_values_are_422_invalid_object(string properties)
    {
        var reply = await PostAsync(properties);
        Status(reply, 422);
        Assert.StartsWith("invalid object: ", reply.ErrorMessage);
    }

    [Theory]
    [InlineData("""{"int":1e400}""")]
    [InlineData("""{"int":123456789012345678901234567890}""")]
    [InlineData("""{"number":1e400}""")]
    [InlineData("""{"number":-1e400}""")]
    [InlineData("""{"geo":{"latitude":1e400,"longitude":4.9}}""")]
    [InlineData("""{"numbers":[1e400]}""")]
    [InlineData("""{"ints":[99999999999999999999999]}""")]
    public async Task Huge_numbers_are_refused_as_invalid_not_crashed_on(string properties)
    {
        var reply = await PostAsync(properties);
        Status(reply, 422);
        Assert.StartsWith("invalid object: ", reply.ErrorMessage);
    }

    [Theory]
    [InlineData("\"\\u0000\"")]
    [InlineData("\"\\ud800\"")]
    [InlineData("\"\\udc00x\\ud800\"")]
    [InlineData("\"\u202e\ufeff\uffff\"")]
    public async Task Odd_unicode_in_text_never_ends_in_a_500(string value)
    {
        var reply = await PostAsync($$$"""{"text":{{{value}}}}""");
        Assert.True(reply.Status is 200 or 422 or 400, reply.ToString());
    }

    [Fact]
    public async Task Unknown_class_is_refused_when_auto_schema_is_off()
    {
        Error(await _server.PostAsync("/v1/objects", """{"class":"Nope","properties":{}}"""), 422, "invalid object: class 'Nope' not present in schema");
    }
}
