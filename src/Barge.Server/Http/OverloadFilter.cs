using System.Globalization;
using Barge.Core.Errors;
using Barge.Core.Journal;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Barge.Server.Http;

/// <summary>
/// Keeps a batch route within the write path's bounds (<see cref="WriteAdmission"/>) and answers a full server with 429
/// and <c>Retry-After</c> in the route's own error shape. The body's declared length is admitted before a byte of it is
/// read (a body without one is admitted as it arrives) and held until the answer has been sent, since the body and what
/// is parsed from it live that long; Core's refusal of a batch's objects (<see cref="BatchJournal.Admit"/>) is answered
/// here too. It runs before the idempotency filter: a refused request has claimed no key and left no journal row, so
/// its retry runs for real. A store out of space (<see cref="OutOfSpaceException"/>) is answered here as well, with 507
/// and <c>Retry-After</c> in the same shape: its transaction rolled back, so the same request may be sent again.
/// </summary>
public sealed class OverloadFilter(Func<int, string, IResult> error) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        try
        {
            var admission = http.RequestServices.GetRequiredService<WriteAdmission>().Bytes.Admit(http.Request.ContentLength ?? 0);
            http.Response.RegisterForDispose(admission);
            if (http.Request.ContentLength is null) http.Request.Body = new AdmittedBody(http.Request.Body, admission);
            return await next(context);
        }
        catch (OverloadedException ex)
        {
            // Unlike a 413, no "Connection: close": the server drains the unread body after the answer, and a client still
            // sending it would otherwise meet a closed connection instead of this answer.
            return Refuse(http, ex, error);
        }
        catch (OutOfSpaceException ex)
        {
            return OutOfSpace(http, ex, error);
        }
    }

    /// <summary>
    /// 507 with <c>Retry-After</c> and Core's message in the shape <paramref name="error"/> writes; the engine's own
    /// text goes to the log only.
    /// </summary>
    public static IResult OutOfSpace(HttpContext http, OutOfSpaceException ex, Func<int, string, IResult> error)
    {
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger<OverloadFilter>()
            .LogWarning(ex.InnerException, "{Method} {Path} refused: {Reason}", http.Request.Method, http.Request.Path, ex.Message);
        RetryAfter(http, ex.RetryAfter);
        return error(StatusCodes.Status507InsufficientStorage, ex.Message);
    }

    /// <summary>429 with <c>Retry-After</c> in whole seconds, in the shape <paramref name="error"/> writes.</summary>
    public static IResult Refuse(HttpContext http, OverloadedException ex, Func<int, string, IResult> error)
    {
        RetryAfter(http, ex.RetryAfter);
        return error(StatusCodes.Status429TooManyRequests, ex.Message);
    }

    private static void RetryAfter(HttpContext http, TimeSpan wait) =>
        http.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
