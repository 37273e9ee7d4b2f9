using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Barge.Core.Journal;
using Barge.Server.Auth;
using Barge.Server.Hosting;
using Barge.Server.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Barge.Server.BatchService;

/// <summary>
/// <c>Idempotency-Key</c> on a write batch route. The request (method, path, query, body) is hashed; a key seen
/// before answers without running the batch again: the first answer byte for byte (<c>Idempotency-Replayed: true</c>)
/// when the request is the same, 422 when it differs, 409 with <c>Retry-After</c> while the first is still running.
/// A new key is claimed atomically when the batch's journal row is inserted, and the answer is kept with that row,
/// so keys live exactly as long as the journal keeps the batch. Keys belong to the authenticated user
/// (<see cref="IdempotencyKeys"/>): another user's same key is a different key. Requests without a key pass untouched.
/// </summary>
public sealed class IdempotencyFilter(Func<int, string, IResult> error) : IEndpointFilter
{
    public const string KeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotency-Replayed";
    public const string ItemsKey = "barge.idempotency";

    /// <summary>The key and request hash a batch claims in the journal.</summary>
    public sealed record Claim(string Key, string Hash);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[KeyHeader].ToString();
        if (key.Length == 0) return await next(context);
        if (key.Length > 255) return error(StatusCodes.Status400BadRequest, $"{KeyHeader} is longer than 255 characters");

        var body = await ReadBodyAsync(http);
        if (body is null)
            return error(StatusCodes.Status413PayloadTooLarge,
                $"request body too large: the limit is {http.RequestServices.GetRequiredService<BargeOptions>().MaxRequestBytes} bytes (BARGE_MAX_REQUEST_BYTES)");
        http.Request.Body = new MemoryStream(body, writable: false);
        var hash = Hash(http.Request, body);

        var journal = http.RequestServices.GetRequiredService<JournalService>();
        if (await journal.FindByKeyAsync(http.Principal().User, key, http.RequestAborted) is { } first)
            return await ReplayAsync(http, journal, first, key, hash);

        http.Items[ItemsKey] = new Claim(key, hash);
        if (await next(context) is not IResult result) return null;
        var (status, contentType, bytes) = await CaptureAsync(http, result);
        if (http.Response.Headers[BatchRequests.IdHeader].ToString() is { Length: > 0 } batchId)
            await journal.StoreAnswerAsync(batchId, new StoredAnswer(status, contentType, bytes), CancellationToken.None);
        return new BytesResult(status, contentType, bytes);
    }

    private async Task<IResult> ReplayAsync(HttpContext http, JournalService journal, JournalEntry first, string key, string hash)
    {
        if (first.RequestHash != hash)
            return error(StatusCodes.Status422UnprocessableEntity, $"{KeyHeader} '{key}' was already used for a different request (batch {first.Id})");
        if (first.Status == BatchStatus.Running)
        {
            http.Response.Headers.RetryAfter = "1";
            return error(StatusCodes.Status409Conflict, $"the batch with {KeyHeader} '{key}' (batch {first.Id}) is still running");
        }
        // A crash between the batch's commit and the storing of its answer loses the answer, never the batch.
        if (await journal.AnswerAsync(first, http.RequestAborted) is not { } answer)
            return error(StatusCodes.Status409Conflict, $"the batch with {KeyHeader} '{key}' (batch {first.Id}) ended with status '{BatchStatusNames.Name(first.Status)}' but its answer was not kept; see its summary");
        http.Response.Headers[ReplayedHeader] = "true";
        http.Response.Headers[BatchRequests.IdHeader] = first.Id;
        BatchCountHeaders.Set(http, first.Succeeded, first.Failed);
        return new BytesResult(answer.Status, answer.ContentType, answer.Body);
    }

    /// <summary>Null when the body is over the size limit.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext http)
    {
        try
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            return buffer.ToArray();
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
    }

    private static string Hash(HttpRequest request, byte[] body)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Method}\n{request.Path}\n{request.QueryString}\n"));
        sha.AppendData(body);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>Runs the route's result into memory, so that the very bytes sent can be kept for replays.</summary>
    private static async Task<(int Status, string ContentType, byte[] Body)> CaptureAsync(HttpContext http, IResult result)
    {
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await result.ExecuteAsync(http);
            await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
        }
        finally
        {
            http.Response.Body = original;
        }
        return (http.Response.StatusCode, http.Response.ContentType ?? "application/json", buffer.ToArray());
    }

    private sealed class BytesResult(int status, string contentType, byte[] body) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = contentType;
            httpContext.Response.ContentLength = body.Length;
            await httpContext.Response.Body.WriteAsync(body, httpContext.RequestAborted);
        }
    }
}
