using Barge.Core.Indexing;
using Barge.Core.Objects;

namespace Barge.Core.Storage;

/// <summary>How a put treats an object that already exists under the same class and id.</summary>
public enum PutMode
{
    /// <summary>Replace it, creation time included (Weaviate batch).</summary>
    Upsert,
    /// <summary>Fail the item when it exists (single-object POST).</summary>
    CreateOnly,
    /// <summary>Replace it but keep its creation time; fail when it does not exist (PUT).</summary>
    ReplaceExisting,
}

/// <summary>One unit of a write request. Each command gets its own <see cref="WriteOutcome"/>, in order.</summary>
public abstract record WriteCommand;

/// <summary>Insert or replace one object with its index entries.</summary>
public sealed record PutObject(StoredObject Object, IReadOnlyList<IndexEntry> Index, PutMode Mode) : WriteCommand;

/// <summary>Delete one object; the outcome fails with <see cref="WriteOutcome.NotFound"/> when absent.</summary>
public sealed record DeleteObject(string Class, string Id, string? Tenant) : WriteCommand;

/// <summary>
/// Read-modify-write of one object inside the writer's transaction (merge, reference changes):
/// <see cref="Mutate"/> sees the current object and returns its replacement with index entries, or an error message.
/// Running inside the single writer makes the change atomic against concurrent batches.
/// </summary>
public sealed record ModifyObject(string Class, string Id, string? Tenant, Func<StoredObject, ModifyResult> Mutate) : WriteCommand;

public sealed record ModifyResult(StoredObject? Replacement, IReadOnlyList<IndexEntry>? Index, string? Error)
{
    public static ModifyResult Replace(StoredObject o, IReadOnlyList<IndexEntry> index) => new(o, index, null);
    public static ModifyResult Fail(string error) => new(null, null, error);
}

public enum WriteStatus { Ok, NotFound, AlreadyExists, Failed }

/// <summary>The result of one command: the object as stored (for puts and modifies) or why it failed.</summary>
public sealed record WriteOutcome(WriteStatus Status, StoredObject? Object = null, string? Error = null)
{
    public bool Succeeded => Status == WriteStatus.Ok;
}
