using Barge.Core.Storage;

namespace Barge.Core.Backup;

/// <summary>
/// A store that can copy itself, whole and consistent, into one file while it keeps serving writes (SQLite's online
/// backup). A store without it (PostgreSQL) is backed up with the database's own tools.
/// </summary>
public interface IStoreSnapshotWriter
{
    Task WriteSnapshotAsync(string file, CancellationToken ct);
}

/// <summary>Opens a snapshot file as a store to read from; the caller disposes it. Whatever the live store is, a snapshot can be restored into it.</summary>
public interface IStoreSnapshotReader
{
    Task<OpenedSnapshot> OpenSnapshotAsync(string file, CancellationToken ct);
}

/// <summary>A snapshot opened as a store; disposing it closes the store and lets go of whatever opening it took.</summary>
public sealed class OpenedSnapshot(IObjectStore store, Func<ValueTask> close) : IAsyncDisposable
{
    public IObjectStore Store => store;

    public ValueTask DisposeAsync() => close();
}
