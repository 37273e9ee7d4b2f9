using Barge.Core.Journal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Barge.Server.Hosting;

/// <summary>
/// Prunes the journal in the background by age and count (<c>BARGE_JOURNAL_MAX_AGE</c>, <c>BARGE_JOURNAL_MAX_BATCHES</c>),
/// in small steps so that ingestion is never held up behind one long delete.
/// </summary>
public sealed class JournalRetentionService(JournalRetention retention, BargeOptions options, TimeProvider clock, ILogger<JournalRetentionService> log,
    Barge.Core.Storage.IObjectStore store)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A store that serves reads only cannot prune; every tick would only log the same refusal.
        if (store.ReadOnlyReason is not null) return;
        var policy = new RetentionPolicy(options.JournalMaxAge, options.JournalMaxBatches);
        // On the same clock as the ages it prunes by.
        using var timer = new PeriodicTimer(options.JournalPruneInterval, clock);
        do
        {
            try
            {
                await retention.PruneAsync(policy, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Pruning is housekeeping: a failure is logged and retried at the next tick, never fatal.
                log.LogWarning(ex, "journal pruning failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
