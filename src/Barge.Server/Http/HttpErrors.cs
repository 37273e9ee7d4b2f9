using System.Globalization;
using Barge.Core.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Barge.Server.Http;

/// <summary>
/// Core's typed failures as HTTP answers, chosen by <see cref="ErrorKind"/> alone: every REST dialect answers through
/// this one switch and only brings its own error shape (<c>error</c>: status and message to a result) and the status
/// it gives bad input (Weaviate 422, HAT and the batch service 400). A failure a client may retry gets
/// <c>Retry-After</c>; a store's own failure is logged with the driver's text, which the answer never carries.
/// </summary>
public static class HttpErrors
{
    /// <summary>The message of any answer to an exception that is not one of ours: a driver's or runtime's text is not for clients.</summary>
    public const string InternalMessage = "an internal error occurred: the server's log has the details";

    public static int Status(ErrorKind kind, int invalidStatus = StatusCodes.Status422UnprocessableEntity) => kind switch
    {
        ErrorKind.Invalid => invalidStatus,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.Overloaded => StatusCodes.Status429TooManyRequests,
        ErrorKind.StoreLimit => StatusCodes.Status507InsufficientStorage,
        ErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary><paramref name="ex"/> in the shape <paramref name="error"/> writes, with <c>Retry-After</c> when it has one.</summary>
    public static IResult Answer(HttpContext http, BargeException ex, Func<int, string, IResult> error,
        int invalidStatus = StatusCodes.Status422UnprocessableEntity)
    {
        if (ex.Kind is ErrorKind.StoreLimit or ErrorKind.Unavailable or ErrorKind.StoreFailure)
            Log(http).LogWarning(ex.InnerException, "{Method} {Path} refused: {Reason}", http.Request.Method, http.Request.Path, ex.Message);
        // Unlike a 413, no "Connection: close" with a 429: the server drains the unread body after the answer, and a
        // client still sending it would otherwise meet a closed connection instead of this answer.
        if (ex.RetryAfter is { } wait)
            http.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return error(Status(ex.Kind, invalidStatus), ex.Message);
    }

    /// <summary>An exception that is none of ours: logged in full, answered 500 with <see cref="InternalMessage"/>.</summary>
    public static IResult Unexpected(HttpContext http, Exception ex, Func<int, string, IResult> error)
    {
        Log(http).LogError(ex, "unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
        return error(StatusCodes.Status500InternalServerError, InternalMessage);
    }

    private static ILogger Log(HttpContext http) =>
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HttpErrors).FullName!);
}
