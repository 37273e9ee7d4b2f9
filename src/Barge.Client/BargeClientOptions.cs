namespace Barge.Client;

/// <summary>How a <see cref="BargeClient"/> talks to the server: retries and timeouts.</summary>
public sealed record BargeClientOptions
{
    /// <summary>Retries after the first attempt, for answers and failures that are safe to retry (see <see cref="RetryRules"/>).</summary>
    public int MaxRetries { get; init; } = 8;

    /// <summary>The first backoff delay; each retry doubles it, with jitter, unless the server said when (<c>Retry-After</c>).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one attempt may take before it is abandoned (and retried if that is safe).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The transport; null for a pooled <see cref="SocketsHttpHandler"/>.</summary>
    public HttpMessageHandler? Handler { get; init; }
}
