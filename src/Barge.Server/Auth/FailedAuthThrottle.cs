using System.Threading.RateLimiting;
using Barge.Server.Hosting;

namespace Barge.Server.Auth;

/// <summary>
/// Wrong API keys counted per client address, so that keys cannot be guessed at speed: after
/// <see cref="AuthOptions.FailedAuthLimit"/> wrong keys within <see cref="AuthOptions.FailedAuthWindow"/> from one
/// address, every request from it that carries a key is refused until the window ends — without checking the key, so
/// that a guess that happens to be right tells the guesser nothing. Requests without a key are not affected.
/// </summary>
public sealed class FailedAuthThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string>? _failures;

    public FailedAuthThrottle(AuthOptions options)
    {
        if (options.FailedAuthLimit <= 0) return; // 0 turns the throttle off
        _failures = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(client,
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.FailedAuthLimit,
                Window = options.FailedAuthWindow,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>How long <paramref name="client"/> must wait before its keys are checked again, or null if they are now.</summary>
    public TimeSpan? Blocked(string client)
    {
        if (_failures is null) return null;
        // Asking for no permit reads the window's state without spending one.
        using var lease = _failures.AttemptAcquire(client, 0);
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
    }

    /// <summary>Counts one wrong key from <paramref name="client"/>.</summary>
    public void Failed(string client)
    {
        if (_failures is null) return;
        using var _ = _failures.AttemptAcquire(client, 1);
    }

    public void Dispose() => _failures?.Dispose();
}
