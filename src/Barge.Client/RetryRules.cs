using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace Barge.Client;

/// <summary>
/// Which failed attempts are retried, and how, for every request the client sends. A refusal that comes before
/// anything is done (429, 503, a connection refused) is always safe to retry. Anything else (another 5xx, a dropped
/// connection, a timeout) may have written, so it is retried only when a repeat cannot write twice: a read, a
/// PUT/DELETE, or a request carrying an <c>Idempotency-Key</c>, which the server answers from its first run. A 409 that
/// asks to come back later (<c>Retry-After</c>) is that first run still going.
/// </summary>
internal static class RetryRules
{
    /// <summary>Set on a request to hear of each retry (the batcher counts them and passes them on).</summary>
    public static readonly HttpRequestOptionsKey<Action<RetryEvent>> Observer = new("barge.retry-observer");

    public static ResiliencePipeline<HttpResponseMessage> Pipeline(BargeClientOptions options) =>
        new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(options.MaxRetries, 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(options.MaxRetries > 0 && ShouldRetry(args.Context.GetRequestMessage(), args.Outcome)),
                OnRetry = args =>
                {
                    if (args.Context.GetRequestMessage() is { } request && request.Options.TryGetValue(Observer, out var observer))
                        observer(new RetryEvent(args.AttemptNumber + 1, (int?)args.Outcome.Result?.StatusCode, args.Outcome.Exception?.Message, args.RetryDelay));
                    return default;
                },
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();

    public static bool ShouldRetry(HttpRequestMessage? request, Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Exception is OperationCanceledException) return false; // the caller's cancellation
        var repeatable = request is null || IsRepeatable(request);
        if (outcome.Exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } ex && ex.InnerException is System.Net.Sockets.SocketException)
            return true; // never connected, so nothing was sent
        if (outcome.Exception is HttpRequestException or TimeoutRejectedException or IOException) return repeatable;
        if (outcome.Result is not { } response) return false;
        var status = response.StatusCode;
        if (status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable) return true;
        if (status == HttpStatusCode.Conflict) return repeatable && response.Headers.RetryAfter is not null && request?.Headers.Contains("Idempotency-Key") == true;
        return repeatable && (status == HttpStatusCode.RequestTimeout || ((int)status >= 500 && status is not HttpStatusCode.NotImplemented and not HttpStatusCode.HttpVersionNotSupported));
    }

    private static bool IsRepeatable(HttpRequestMessage request) =>
        request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Method == HttpMethod.Put
        || request.Method == HttpMethod.Delete || request.Headers.Contains("Idempotency-Key");
}

/// <summary>A retry about to happen: which attempt comes next, what the last one got, and the wait before it.</summary>
public sealed record RetryEvent(int NextAttempt, int? Status, string? Error, TimeSpan Delay)
{
    public override string ToString() => $"attempt {NextAttempt} in {Delay.TotalSeconds:0.#}s after {(Status is { } s ? s.ToString(System.Globalization.CultureInfo.InvariantCulture) : Error)}";
}
