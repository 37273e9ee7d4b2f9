using Barge.Server.Tests.Support;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.Weaviate;

/// <summary>Every validation message of DELETE /v1/batch/objects (spec §3.1, §10.28): 422 and nothing deleted.</summary>
public sealed class BatchDeleteValidationTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await _server.ImportAsync(Obj("Foo", Id(1), """{"title":"x"}"""));
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("""{}""", "validate: empty match clause")]
    [InlineData("""{"match":{"where":{"operator":"Like","path":["id"],"valueText":"*"}}}""", "validate: empty match.class clause")]
    [InlineData("""{"match":{"class":"","where":{"operator":"Like","path":["id"],"valueText":"*"}}}""", "validate: empty match.class clause")]
    [InlineData("""{"match":{"class":"Foo"}}""", "validate: empty match.where clause")]
    [InlineData("""{"match":{"class":"SomeClass","where":{"operator":"Like","path":["id"],"valueText":"*"}}}""", "validate: failed to get class: SomeClass, with err=<nil>")]
    [InlineData("""{"match":{"class":"foo","where":{"operator":"Like","path":["id"],"valueText":"*"}}}""", "validate: failed to get class: foo, with err=<nil>")]
    [InlineData("""{"match":{"class":"Foo","where":{"operator":"Equal","path":[],"valueText":"x"}}}""", "validate: failed to parse where filter: invalid where filter: field 'path': must have at least one element")]
    [InlineData("""{"match":{"class":"Foo","where":{"operator":"Equal","path":["some"],"valueText":"x"}}}""", "validate: invalid where filter: no such prop with name 'some' found in class 'Foo' in the schema. Check your schema files for which properties in this class are available")]
    [InlineData("""{"match":{"class":"Foo","where":{"operator":"Like","path":["id"],"valueText":"*"}},"output":"x"}""", "validate: invalid output: \"x\", possible values are: \"minimal\", \"verbose\"")]
    [InlineData("""{"match":{"class":"Foo","where":{"operator":"Bogus","path":["title"],"valueText":"x"}}}""", "validate: failed to parse where filter: unrecognized operator: Bogus")]
    public async Task Invalid_requests_are_422_with_weaviates_message(string body, string message)
    {
        var reply = await _server.DeleteAsync("/v1/batch/objects", body);
        Assert.Equal(422, reply.Status);
        Assert.Equal(message, reply.ErrorMessage);
        Assert.Equal(1, await _server.CountAsync("Foo"));
    }

    [Fact]
    public async Task A_non_boolean_dryRun_is_a_framework_error()
    {
        var reply = await _server.DeleteAsync("/v1/batch/objects", """{"match":{"class":"Foo","where":{"operator":"Like","path":["id"],"valueText":"*"}},"dryRun":"yes"}""");
        Assert.Equal(422, reply.Status);
        Assert.Equal(601, (int)reply.Json["code"]!);
        Assert.Equal(1, await _server.CountAsync("Foo"));
    }
}
