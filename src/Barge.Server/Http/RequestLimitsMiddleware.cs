using Barge.Server.Hosting;
using Microsoft.AspNetCore.Http;

namespace Barge.Server.Http;

/// <summary>
/// Refuses a body whose declared length is over the limit with 413 before a byte of it is read, so that a
/// client streaming a huge batch learns at once (Kestrel's own limit still guards chunked bodies).
/// </summary>
public sealed class RequestLimitsMiddleware(RequestDelegate next, BargeOptions options)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (http.Request.ContentLength is { } length && length > options.MaxRequestBytes)
        {
            http.Response.Headers.Connection = "close";
            await JsonBody.TooLarge(options).ExecuteAsync(http);
            return;
        }
        await next(http);
    }
}
