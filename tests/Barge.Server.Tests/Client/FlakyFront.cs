using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Barge.Server.Tests.Client;

/// <summary>
/// A real HTTP server in front of a real Barge that misbehaves on chosen requests: answers 503 itself (nothing reaches
/// Barge), or passes the request on and then drops the connection before the answer (Barge did the work; the client
/// never hears). Every other request is passed on and answered as Barge answered.
/// </summary>
public sealed class FlakyFront : IAsyncDisposable
{
    public enum Fault { None, Unavailable, DropAfterForwarding }

    private readonly WebApplication _app;
    private readonly HttpClient _target;
    private readonly Func<int, HttpRequest, Fault> _plan;
    private int _requests;

    private FlakyFront(WebApplication app, Uri target, Func<int, HttpRequest, Fault> plan)
    {
        _app = app;
        _plan = plan;
        _target = new HttpClient { BaseAddress = target };
        app.Run(HandleAsync);
    }

    /// <summary>Starts a front for <paramref name="target"/>; <paramref name="plan"/> picks a fault from the request's number (from 1) and the request.</summary>
    public static async Task<FlakyFront> StartAsync(Uri target, Func<int, HttpRequest, Fault> plan)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var front = new FlakyFront(builder.Build(), target, plan);
        await front._app.StartAsync();
        return front;
    }

    public Uri Address => new(_app.Urls.First());

    /// <summary>The faults dealt so far.</summary>
    public List<Fault> Dealt { get; } = [];

    private async Task HandleAsync(HttpContext http)
    {
        var fault = _plan(Interlocked.Increment(ref _requests), http.Request);
        lock (Dealt) if (fault != Fault.None) Dealt.Add(fault);
        if (fault == Fault.Unavailable)
        {
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await http.Response.WriteAsync("""{"error":[{"message":"the front is unavailable"}]}""");
            return;
        }
        using var forwarded = new HttpRequestMessage(new HttpMethod(http.Request.Method), http.Request.Path + http.Request.QueryString);
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body);
        if (body.Length > 0 || http.Request.ContentLength is not null) forwarded.Content = new ByteArrayContent(body.ToArray());
        foreach (var (name, values) in http.Request.Headers)
        {
            if (name is "Host" or "Content-Length" or "Transfer-Encoding") continue;
            if (!forwarded.Headers.TryAddWithoutValidation(name, values.ToArray())) forwarded.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
        }
        using var answer = await _target.SendAsync(forwarded);
        var bytes = await answer.Content.ReadAsByteArrayAsync();
        if (fault == Fault.DropAfterForwarding)
        {
            http.Abort();
            return;
        }
        http.Response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
        {
            if (name is "Transfer-Encoding" or "Content-Length") continue;
            http.Response.Headers[name] = values.ToArray();
        }
        await http.Response.Body.WriteAsync(bytes);
    }

    public async ValueTask DisposeAsync()
    {
        _target.Dispose();
        await _app.DisposeAsync();
    }

    public static bool IsBatch(HttpRequest request) => request.Method == "POST" && request.Path.StartsWithSegments("/v1/batch");

}
