namespace Barge.Core.Journal;

/// <summary>
/// The storage port of the batch journal. A batch's completion is normally written with its data
/// (<see cref="Storage.WriteOptions"/>); <see cref="CompleteAsync"/> is for batches that write no data.
/// </summary>
public interface IBatchJournalStore
{
    /// <summary>Inserts a <c>running</c> row and returns its seq; null when its id or idempotency key is taken.</summary>
    Task<long?> BeginAsync(JournalEntry running, CancellationToken ct = default);

    Task CompleteAsync(JournalCompletion completion, CancellationToken ct = default);

    Task<JournalEntry?> GetAsync(string id, CancellationToken ct = default);

    Task<JournalEntry?> FindByIdempotencyKeyAsync(string key, CancellationToken ct = default);

    Task StoreAnswerAsync(long seq, StoredAnswer answer, CancellationToken ct = default);

    Task<StoredAnswer?> GetAnswerAsync(long seq, CancellationToken ct = default);

    Task<JournalPage> ListAsync(JournalQuery query, CancellationToken ct = default);

    Task<IReadOnlyList<WrittenIds>> WrittenAsync(long seq, CancellationToken ct = default);

    /// <summary>
    /// The objects the batch wrote from <paramref name="skip"/>, at most <paramref name="limit"/>: groups in
    /// <see cref="WrittenAsync"/>'s order, each in write order. Sliced in the store, so a million-object batch is
    /// never read whole.
    /// </summary>
    Task<JournalObjectPage> ObjectsAsync(long seq, int skip, int limit, CancellationToken ct = default);

    /// <summary>The batch's failed items from <paramref name="skip"/>, at most <paramref name="limit"/>, in item order; sliced in the store.</summary>
    Task<JournalFailurePage> FailuresAsync(long seq, int skip, int limit, CancellationToken ct = default);

    /// <summary>Deletes a summary and its id lists (never objects). False when it does not exist.</summary>
    Task<bool> DeleteAsync(long seq, CancellationToken ct = default);

    /// <summary>The current state of every object the batch wrote, in the order it wrote them.</summary>
    Task<IReadOnlyList<ObjectProvenance>> ProvenanceAsync(long seq, CancellationToken ct = default);

    /// <summary>Marks rows still <c>running</c> as failed (a crash stopped them); returns how many.</summary>
    Task<int> FailRunningAsync(string message, long nowMs, CancellationToken ct = default);

    /// <summary>
    /// Deletes at most <paramref name="maxRows"/> finished summaries that started before <paramref name="startedBeforeMs"/>
    /// or are beyond the newest <paramref name="keepNewest"/>; returns how many. Callers loop in small steps.
    /// </summary>
    Task<int> PruneAsync(long? startedBeforeMs, int? keepNewest, int maxRows, CancellationToken ct = default);
}
