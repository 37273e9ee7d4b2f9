namespace Barge.Core.Storage;

/// <summary>
/// Implemented by stores that several Barge nodes can share (PostgreSQL). Schema changes are serialized across
/// nodes and announced to the others, so that a class created through one node is usable through every node.
/// A store used by one process only (SQLite) does not implement it.
/// </summary>
public interface ISchemaCoordination
{
    /// <summary>
    /// Holds the schema lock of the whole database until disposed: a change validated against a fresh
    /// <see cref="IObjectStore.LoadClassesAsync"/> under this lock cannot race with a change through another node.
    /// </summary>
    Task<IAsyncDisposable> LockSchemaAsync(CancellationToken ct = default);

    /// <summary>Raised, on any thread, when another node (or this one) committed a schema change.</summary>
    event Action? SchemaChanged;
}
