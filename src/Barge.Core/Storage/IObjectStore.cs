using Barge.Core.Filters;
using Barge.Core.Objects;
using Barge.Core.Schema;

namespace Barge.Core.Storage;

/// <summary>
/// The storage port Core needs. Backends implement it with the same observable behaviour (one contract suite).
/// All writes go through <see cref="WriteAsync"/>, which commits before it returns: a completed task means durable.
/// </summary>
public interface IObjectStore : IAsyncDisposable
{
    Task<IReadOnlyList<ClassDefinition>> LoadClassesAsync(CancellationToken ct = default);

    /// <summary>Inserts or replaces a class definition.</summary>
    Task SaveClassAsync(ClassDefinition definition, CancellationToken ct = default);

    /// <summary>Deletes a class with all its objects. Unknown classes are ignored.</summary>
    Task DeleteClassAsync(string className, CancellationToken ct = default);

    Task<StoredObject?> GetAsync(string className, string id, string? tenant, CancellationToken ct = default);

    /// <summary>Whether an object exists, without reading it (reference checks on the write path).</summary>
    bool Exists(string className, string id, string? tenant);

    /// <summary>Classes (among <paramref name="candidates"/>, or all when empty) holding an object with this id.</summary>
    Task<IReadOnlyList<string>> FindClassesOfIdAsync(string id, IReadOnlyList<string> candidates, CancellationToken ct = default);

    /// <summary>
    /// Where objects with any of these ids are stored: one row per (class, tenant, id) that holds one, in no order. One
    /// query for all the reference targets of a write (<see cref="Objects.ReferenceTargets"/>); ids the store cannot
    /// hold match nothing.
    /// </summary>
    Task<IReadOnlyList<ObjectLocation>> LocateAsync(IReadOnlyCollection<string> ids, CancellationToken ct = default);

    Task<ObjectPage> ListAsync(ListQuery query, CancellationToken ct = default);

    /// <summary>
    /// Executes the commands in order and commits them before returning (group commit with other callers).
    /// One outcome per command, same order. Throws only for a failure of the store as a whole.
    /// </summary>
    Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<WriteCommand> commands, CancellationToken ct = default);

    /// <summary>
    /// As <see cref="WriteAsync(IReadOnlyList{WriteCommand}, CancellationToken)"/> for a journaled batch: objects are
    /// tagged with the batch, and the journal completion is written in the same transaction (see <see cref="WriteOptions"/>).
    /// With <see cref="WriteOptions.Atomic"/>, nothing stays written when any outcome is not a success.
    /// </summary>
    Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<WriteCommand> commands, WriteOptions options, CancellationToken ct = default);

    /// <summary>
    /// A delete-by-query as one job of the writer: in one write transaction, finds the matches of
    /// <paramref name="query"/> as <see cref="FindMatchesAsync"/> does (oldest first, the first
    /// <see cref="MatchQuery.Limit"/> and the total), deletes each (tagged with the batch), and writes the journal
    /// completion that <paramref name="options"/> builds from them. Matching and deleting see the same state: no
    /// object the call matched can be deleted by someone else before the call deletes it, and a crash keeps all or nothing.
    /// </summary>
    Task<MatchDeletion> DeleteMatchesAsync(MatchQuery query, MatchDeleteOptions options, CancellationToken ct = default);

    /// <summary>Objects of a class matching a validated filter, oldest write first: the first <paramref name="limit"/> ids and the total.</summary>
    Task<MatchResult> FindMatchesAsync(string className, string? tenant, FilterNode filter, int limit, CancellationToken ct = default);

    /// <summary>
    /// The vectors of the scanned objects that have one, in id order (objects without a vector are left out).
    /// The exact vector search reads them into a top-k heap, so nothing here is held beyond the current row.
    /// </summary>
    IAsyncEnumerable<StoredVector> ScanVectorsAsync(ObjectScan scan, CancellationToken ct = default);

    /// <summary>The scanned objects in id order, without their vectors (aggregations read only the properties).</summary>
    IAsyncEnumerable<StoredObject> ScanObjectsAsync(ObjectScan scan, CancellationToken ct = default);

    /// <summary>The distinct tenants holding at least one object of the class, in ordinal order.</summary>
    Task<IReadOnlyList<string>> ListTenantsAsync(string className, CancellationToken ct = default);

    /// <summary>Number of objects per class (for /v1/nodes).</summary>
    Task<IReadOnlyDictionary<string, long>> CountByClassAsync(CancellationToken ct = default);

    /// <summary>
    /// A cheap read of the store's own tables that throws when the store cannot be reached (a database server stopped or
    /// cut off, tables gone): what readiness asks. Honours <paramref name="ct"/>, so that a hung connection can be given up.
    /// </summary>
    Task PingAsync(CancellationToken ct = default);

    /// <summary>
    /// Why the store serves reads only (it was opened on a data folder it cannot write: every write is refused as
    /// <see cref="Errors.OutOfSpaceException.OpenedReadOnly"/>), or null when it takes writes. Readiness reports it.
    /// </summary>
    string? ReadOnlyReason => null;
}
