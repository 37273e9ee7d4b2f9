using Microsoft.AspNetCore.Http;

namespace Barge.Server.Ui;

/// <summary>
/// A browser opening the server's root (<c>GET /</c> accepting HTML) is sent to the journal page; API clients keep
/// Weaviate's answer to <c>/</c>.
/// </summary>
public sealed class BrowserRedirect(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
        var request = http.Request;
        if (HttpMethods.IsGet(request.Method) && request.Path.Value is "/" or "" && AcceptsHtml(request))
        {
            http.Response.Redirect(UiRoutes.Prefix + "/batches");
            return Task.CompletedTask;
        }
        return next(http);
    }

    private static bool AcceptsHtml(HttpRequest request) =>
        request.Headers.Accept.Any(a => a is not null && a.Contains("text/html", StringComparison.OrdinalIgnoreCase));
}
