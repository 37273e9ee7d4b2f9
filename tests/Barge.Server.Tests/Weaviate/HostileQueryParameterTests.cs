using Barge.Server.Tests.Support;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.Weaviate;

/// <summary>
/// Query input that used to reach the store and fail there with a 500: sort names with NUL or hundreds of keys, and a
/// Like pattern past SQLite's pattern length. Each is refused with 422 naming what is wrong; the data stays readable.
/// </summary>
public sealed class HostileQueryParameterTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await _server.CreateClassAsync("""{"class":"Article","properties":[{"name":"title","dataType":["text"]}]}""");
        Assert.Equal(200, (await _server.ImportAsync(Obj("Article", Id(1), """{"title":"a"}"""), Obj("Article", Id(2), """{"title":"b"}"""))).Status);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("/v1/objects?sort=%00")]
    [InlineData("/v1/objects?sort=ti%00tle")]
    [InlineData("/v1/objects?class=Article&sort=%00")]
    [InlineData("/v1/objects?sort=a%27%29%3B--")]
    [InlineData("/v1/objects?sort=%D0%BF%D0%B0")]
    public async Task A_sort_name_no_property_can_have_is_refused(string path)
    {
        var reply = await _server.GetAsync(path);
        Assert.True(reply.Status == 422, reply.ToString());
        Assert.Contains("sort", reply.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(2, await _server.CountAsync("Article"));
    }

    [Fact]
    public async Task Hundreds_of_sort_keys_are_refused()
    {
        var keys = string.Join(",", Enumerable.Range(0, 400).Select(i => $"p{i}"));
        var reply = await _server.GetAsync("/v1/objects?sort=" + keys);
        Assert.True(reply.Status == 422, reply.ToString());
        Assert.Contains("sort", reply.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_few_sort_keys_still_sort()
    {
        var reply = await _server.GetAsync("/v1/objects?class=Article&sort=title,_creationTimeUnix&order=desc,asc");
        Assert.True(reply.Status == 200, reply.ToString());
        Assert.Equal(["b", "a"], reply.Json["objects"]!.AsArray().Select(o => (string)o!["properties"]!["title"]!));
    }

    [Theory]
    [InlineData(60_000, "*")]
    [InlineData(60_000, "")]
    public async Task A_like_pattern_too_long_to_match_is_refused_naming_the_filter(int length, string wildcard)
    {
        var pattern = wildcard + new string('a', length) + wildcard;
        var reply = await _server.DeleteWhereAsync("Article", $$"""{"path":["title"],"operator":"Like","valueText":"{{pattern}}"}""", dryRun: true);
        Assert.True(reply.Status is 200 or 422, reply.Status + " " + reply.Body[..Math.Min(300, reply.Body.Length)]);
        if (reply.Status == 422) Assert.Contains("Like", reply.ErrorMessage, StringComparison.Ordinal);
        var delete = await _server.DeleteWhereAsync("Article", $$"""{"path":["title"],"operator":"Like","valueText":"{{pattern}}"}""");
        Assert.Equal(reply.Status, delete.Status);
        Assert.Equal(2, await _server.CountAsync("Article"));
    }
}
