using System.Text.Json.Nodes;
using Barge.Core.Errors;
using Barge.Core.Journal;
using Barge.Server.Http;
using Barge.Server.Weaviate;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Barge.Server.Tests.Http;

/// <summary>
/// The one switch every REST dialect answers Core's typed failures with: the status follows the kind alone, a wait
/// becomes <c>Retry-After</c>, and an exception that is none of ours never shows its text (a driver's message may
/// name tables, hosts or values).
/// </summary>
public sealed class HttpErrorsTests
{
    private static DefaultHttpContext Context() => new()
    {
        RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider(),
        Response = { Body = new MemoryStream() },
    };

    private static async Task<(int Status, string Message, string RetryAfter)> RunAsync(DefaultHttpContext http, IResult result)
    {
        await result.ExecuteAsync(http);
        http.Response.Body.Position = 0;
        var body = JsonNode.Parse(await new StreamReader(http.Response.Body).ReadToEndAsync())!;
        return (http.Response.StatusCode, (string)body["error"]![0]!["message"]!, http.Response.Headers.RetryAfter.ToString());
    }

    public static TheoryData<Func<BargeException>, int, bool> Failures => new()
    {
        { () => new UserInputException("bad"), 422, false },
        { () => new ForbiddenException("no"), 403, false },
        { () => new JournalConflictException("taken"), 409, false },
        { () => new OverloadedException("full", TimeSpan.FromSeconds(2.5)), 429, true },
        { () => OutOfSpaceException.DiskFull(), 507, true },
        { () => new StoreUnavailableException(new IOException("connection refused by 10.0.0.7")), 503, true },
        { () => new StoreException("unsearchable"), 500, false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_typed_failure_is_answered_by_its_kind_with_its_own_message(Func<BargeException> make, int status, bool retry)
    {
        var ex = make();
        var http = Context();
        var (answered, message, retryAfter) = await RunAsync(http, HttpErrors.Answer(http, ex, WeaviateResults.Error));
        Assert.Equal(status, answered);
        Assert.Equal(ex.Message, message);
        Assert.DoesNotContain("10.0.0.7", message);
        Assert.Equal(retry, retryAfter.Length > 0);
    }

    [Fact]
    public async Task A_wait_is_rounded_up_to_whole_seconds()
    {
        var http = Context();
        var (_, _, retryAfter) = await RunAsync(http, HttpErrors.Answer(http, new OverloadedException("full", TimeSpan.FromSeconds(2.5)), WeaviateResults.Error));
        Assert.Equal("3", retryAfter);
    }

    [Fact]
    public async Task An_exception_that_is_not_ours_is_a_500_without_its_text()
    {
        var http = Context();
        var (status, message, _) = await RunAsync(http,
            HttpErrors.Unexpected(http, new InvalidOperationException("relation \"objects_secret\" does not exist"), WeaviateResults.Error));
        Assert.Equal(500, status);
        Assert.Equal(HttpErrors.InternalMessage, message);
        Assert.DoesNotContain("objects_secret", message);
    }
}
