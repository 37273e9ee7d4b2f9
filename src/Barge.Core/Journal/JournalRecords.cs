namespace Barge.Core.Journal;

/// <summary>
/// One failed item of a batch: its index in the request, the id it had (if any), why it failed and the code of that
/// (null for a failure journaled before codes were kept).
/// </summary>
public sealed record BatchFailure(int Index, string? Id, string Reason, Errors.ItemErrorCode? Code = null);

/// <summary>
/// The ids a batch wrote into one collection (and tenant); stored packed, one row per group. <see cref="Keys"/> are
/// the caller's names for the same objects, in the same order (<see cref="JournalItem.Key"/>), or null when the
/// caller named them by their ids.
/// </summary>
public sealed record WrittenIds(string Class, string? Tenant, IReadOnlyList<string> Ids, IReadOnlyList<string>? Keys = null)
{
    /// <summary>The caller's name of the object at <paramref name="i"/>.</summary>
    public string Key(int i) => Keys is { } keys && i < keys.Count ? keys[i] : Ids[i];
}

/// <summary>One object a batch wrote, as the journal lists it: where, its id, and the caller's name for it.</summary>
public sealed record JournalObject(string Class, string? Tenant, string Id, string Key);

/// <summary>A page of the objects a batch wrote (in write order within each collection) and how many it wrote in all.</summary>
public sealed record JournalObjectPage(IReadOnlyList<JournalObject> Items, long Total);

/// <summary>A page of a batch's failed items (in item order) and how many failed in all.</summary>
public sealed record JournalFailurePage(IReadOnlyList<BatchFailure> Items, long Total);

/// <summary>
/// The final result of one item as the journal sees it: which object it concerned and its error, if any.
/// Dialects map their own per-item answers to these and back. <see cref="Key"/> is the caller's own name for the
/// item when it differs from the object id (the batch service's element <c>_id</c>): failures are listed under it.
/// </summary>
public sealed record JournalItem(int Index, string? Id, string? Class, string? Tenant, Errors.ItemError? Error, string? Key = null)
{
    public bool Succeeded => Error is null;

    /// <summary>
    /// The item was fine but not written because other items of its atomic batch failed (its <see cref="Error"/> then
    /// names them): a failure of the batch, not of the item.
    /// </summary>
    public bool HeldBack => Error?.Code == Errors.ItemErrorCode.HeldBack;
}

/// <summary>What a caller and the server say about a batch before it runs (headers, principal, configuration).</summary>
public sealed record BatchRequest
{
    /// <summary>The caller's id for the batch (<c>X-Batch-Id</c> or the body's <c>_id</c>); a UUIDv7 is made when null.</summary>
    public string? Id { get; init; }
    public required string User { get; init; }
    /// <summary>
    /// How logs name <see cref="User"/>: the user's name, but never an API key (a key is its own user when no user
    /// names are configured). Not stored; null is logged as <c>unknown</c>.
    /// </summary>
    public string? LogUser { get; init; }
    public required string Environment { get; init; }
    public required string Service { get; init; }
    public string? Name { get; init; }
    public string? Reason { get; init; }
    public string? Source { get; init; }
    public bool DryRun { get; init; }
    public bool Atomic { get; init; }
    public string? IdempotencyKey { get; init; }
    public string? RequestHash { get; init; }
}

/// <summary>A journal row: the summary of one batch.</summary>
public sealed record JournalEntry
{
    public long Seq { get; init; }
    public required string Id { get; init; }
    public required string User { get; init; }
    public required string Environment { get; init; }
    public required string Service { get; init; }
    public string? Name { get; init; }
    public string? Reason { get; init; }
    public string? Source { get; init; }
    public BatchStatus Status { get; init; }
    public string Message { get; init; } = "";
    public long StartedMs { get; init; }
    public long? EndedMs { get; init; }
    public int Total { get; init; }
    public int Succeeded { get; init; }
    public int Failed { get; init; }
    public bool DryRun { get; init; }
    public bool Atomic { get; init; }
    public string? IdempotencyKey { get; init; }
    public string? RequestHash { get; init; }
    public IReadOnlyList<BatchFailure> Failures { get; init; } = [];
}

/// <summary>Everything the end of a batch changes in its journal row, written in the transaction of its data.</summary>
public sealed record JournalCompletion(
    long Seq, BatchStatus Status, string Message, long EndedMs, int Total, int Succeeded, int Failed,
    IReadOnlyList<BatchFailure> Failures, IReadOnlyList<WrittenIds> Written);

/// <summary>
/// A listing request: newest first, filtered; <see cref="User"/> null means every user's batches (admins);
/// <see cref="Class"/> keeps the batches that wrote into that collection.
/// </summary>
public sealed record JournalQuery(string? Name, BatchStatus? Status, long? SinceMs, long? UntilMs, string? User, int Limit, int Skip, string? Class = null);

public sealed record JournalPage(IReadOnlyList<JournalEntry> Entries, long Total);

/// <summary>The first answer of a batch sent with an <c>Idempotency-Key</c>, replayed byte for byte.</summary>
public sealed record StoredAnswer(int Status, string ContentType, byte[] Body);

/// <summary>
/// Where an object a batch wrote stands now: gone, or last written by which batch (seq and public id, null when
/// a single-object route wrote it or its batch was pruned) and whether that write created it.
/// </summary>
public sealed record ObjectProvenance(string Class, string? Tenant, string Id, bool Exists, long? Batch, bool Created, string? BatchId);

/// <summary>The batch id or idempotency key is already taken by another batch.</summary>
public sealed class JournalConflictException(string message) : Errors.BargeException(Errors.ErrorKind.Conflict, message);
