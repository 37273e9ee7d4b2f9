using Barge.Core.Objects;

namespace Barge.Core.Batching;

/// <summary>
/// The answer for one item of an object batch, at the item's original <see cref="Index"/>: the final id,
/// the object as stored on success, or the first error (its code and message) on failure. Items are never dropped or reordered.
/// </summary>
public sealed record ObjectBatchItem(int Index, ObjectInput Input, string Id, StoredObject? Stored, Errors.ItemError? Error)
{
    public bool Succeeded => Error is null;
}

/// <summary>The answers of an object batch and the journal id of the batch (<c>X-Batch-Id</c>).</summary>
public sealed record ObjectBatchResult(IReadOnlyList<ObjectBatchItem> Items, long TimestampUnixMs, string BatchId)
{
    public int Succeeded => Items.Count(i => i.Succeeded);
    public int Failed => Items.Count - Succeeded;
}
