namespace Barge.Core.Journal;

/// <summary>How long summaries are kept: by age, by count, or both; null means no limit of that kind.</summary>
public sealed record RetentionPolicy(TimeSpan? MaxAge, int? MaxBatches);

/// <summary>
/// Prunes the journal in small steps (one short write each), so that the writer keeps serving ingestion between
/// them. Idempotency keys go with their summaries: a key is remembered exactly as long as its batch.
/// </summary>
public sealed class JournalRetention(IBatchJournalStore journal, TimeProvider clock)
{
    private const int RowsPerStep = 200;

    public async Task<int> PruneAsync(RetentionPolicy policy, CancellationToken ct)
    {
        if (policy.MaxAge is null && policy.MaxBatches is null) return 0;
        var cutoff = policy.MaxAge is { } age ? clock.GetUtcNow().Subtract(age).ToUnixTimeMilliseconds() : (long?)null;
        var total = 0;
        while (true)
        {
            var pruned = await journal.PruneAsync(cutoff, policy.MaxBatches, RowsPerStep, ct).ConfigureAwait(false);
            total += pruned;
            if (pruned < RowsPerStep) return total;
        }
    }
}
