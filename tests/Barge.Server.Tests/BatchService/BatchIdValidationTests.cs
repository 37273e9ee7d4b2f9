using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.BatchService.JournalTestKit;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.BatchService;

/// <summary>
/// A batch id is echoed in the <c>X-Batch-Id</c> response header, which holds visible ASCII only. An id that cannot be
/// echoed (non-ASCII, control characters, too long) is refused before anything is written, in the route's own error
/// shape and naming where it came from; it used to be committed and journaled and then answered 500. An id with a
/// <c>/</c> is refused too: it was stored, but no URL could look it up or undo it.
/// </summary>
public sealed class BatchIdValidationTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private HttpClient _utf8 = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        // HttpClient writes header values as Latin-1 unless told otherwise; a careless client sends UTF-8.
        _utf8 = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 }) { BaseAddress = _server.Client.BaseAddress };
        await _server.CreateClassAsync("""{"class":"Article","properties":[{"name":"title","dataType":["text"]}]}""");
    }

    public async ValueTask DisposeAsync()
    {
        _utf8.Dispose();
        await _server.DisposeAsync();
    }

    public static TheoryData<string, string, string, string> Routes => new()
    {
        // method, path, body, dialect
        { "POST", "/v1/batch/objects", """{"objects":[{"class":"Article","properties":{"title":"x"}}]}""", "weaviate" },
        { "DELETE", "/v1/batch/objects", """{"match":{"class":"Article","where":{"path":["title"],"operator":"Equal","valueText":"none"}}}""", "weaviate" },
        { "POST", "/v1/batch/references", "[]", "weaviate" },
        { "POST", "/v1/batching/things", """{"things":[{"class":"Article","schema":{"title":"x"}}]}""", "weaviate" },
        { "POST", "/api/v2.6/data/ids/notes", """{"n":1}""", "hat" },
        { "POST", "/api/v2.6/data-batch", """[{"endpoint":"ids/notes","data":{"n":2}}]""", "hat" },
        { "POST", "/api/batch/v1?collection=Article", """{"_type":"VarBatch","elements":[{"_id":"A","title":"x"}]}""", "problem" },
    };

    private static readonly string[] BadIds = ["партия-1", "a\u0001b", new string('x', 256), "loads/2026-12-07"];

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_header_id_that_cannot_be_echoed_is_refused_before_the_batch_runs(string method, string path, string body, string dialect)
    {
        foreach (var id in BadIds)
        {
            var before = await JournalCountAsync();
            var reply = await SendAsync(method, path, body, id);
            Assert.True(reply.Status is 400 or 422, $"{method} {path} with X-Batch-Id {Show(id)}: {reply}");
            Assert.Contains("X-Batch-Id", Message(reply, dialect), StringComparison.Ordinal);
            Assert.Equal(before, await JournalCountAsync());
        }
        Assert.Equal(0, await CountAsync(_server, "Article"));
    }

    [Fact]
    public async Task A_plain_ascii_header_id_still_names_the_batch()
    {
        var reply = await SendAsync("POST", "/v1/batch/objects", """{"objects":[{"class":"Article","properties":{"title":"x"}}]}""", "load-2026.12.06_1");
        Assert.Equal(200, reply.Status);
        Assert.Equal("load-2026.12.06_1", reply.Headers["X-Batch-Id"]);
        Assert.Equal("success", (string)(await _server.SummaryAsync("load-2026.12.06_1"))["status"]!);
    }

    [Theory]
    [InlineData("партия-1")]
    [InlineData("nul\u0000inside")]
    [InlineData("tab\there")]
    [InlineData("loads/2026-12-07")]
    public async Task A_body_id_that_cannot_be_echoed_is_refused_naming_the_field(string id)
    {
        var before = await JournalCountAsync();
        var reply = await _server.PostAsync("/api/batch/v1?collection=Article", VarBatch(id, J("""{"_id":"A","title":"x"}""")));
        Assert.Equal(400, reply.Status);
        Assert.Contains("_id", (string)reply.Json["detail"]!, StringComparison.Ordinal);
        Assert.Equal(before, await JournalCountAsync());
        Assert.Equal(0, await CountAsync(_server, "Article"));
    }

    [Fact]
    public async Task A_body_id_too_long_is_refused_naming_the_field()
    {
        var reply = await _server.PostAsync("/api/batch/v1?collection=Article", VarBatch(new string('b', 256), J("""{"_id":"A","title":"x"}""")));
        Assert.Equal(400, reply.Status);
        Assert.Contains("_id", (string)reply.Json["detail"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/batch/v1/%01")]
    [InlineData("/api/batch/v1/%D0%BF%D0%B0%D1%80%D1%82%D0%B8%D1%8F")]
    public async Task An_id_no_batch_can_have_is_simply_not_found(string path)
    {
        Assert.Equal(404, (await _server.GetAsync(path)).Status);
        Assert.Equal(404, (await _server.PostAsync(path + "/undo", null)).Status);
        Assert.Equal(404, (await _server.DeleteAsync(path)).Status);
    }

    [Fact]
    public async Task An_undo_named_by_a_bad_header_id_is_refused_and_undoes_nothing()
    {
        var import = await _server.ImportAsync(Obj("Article", Id(1), """{"title":"x"}"""));
        var batch = import.Headers["X-Batch-Id"];
        var reply = await SendAsync("POST", $"/api/batch/v1/{batch}/undo", null, "undo-партия");
        Assert.Equal(400, reply.Status);
        Assert.Contains("X-Batch-Id", (string)reply.Json["detail"]!, StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync(_server, "Article"));
    }

    private async Task<Reply> SendAsync(string method, string path, string? body, string batchId)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        Assert.True(request.Headers.TryAddWithoutValidation("X-Batch-Id", batchId));
        using var response = await _utf8.SendAsync(request);
        return new Reply((int)response.StatusCode, await response.Content.ReadAsStringAsync(),
            response.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase));
    }

    private async Task<int> JournalCountAsync()
    {
        var reply = await _server.GetAsync("/api/batch/v1?_limit=1");
        Assert.Equal(200, reply.Status);
        return int.Parse(reply.Headers["x-total-count"], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Message(Reply reply, string dialect) => dialect switch
    {
        "weaviate" => reply.ErrorMessage,
        "hat" => (string)reply.Json["cause"]!,
        _ => (string)reply.Json["detail"]!,
    };

    private static string Show(string id) => id.Length > 20 ? $"({id.Length} chars)" : id;

    private static Task<long> CountAsync(TestServer server, string cls) => server.CountAsync(cls);
}
