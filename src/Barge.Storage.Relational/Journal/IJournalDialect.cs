using System.Data.Common;
using Barge.Core.Journal;

namespace Barge.Storage.Relational.Journal;

/// <summary>
/// What a store does differently for <see cref="RelationalJournal"/>: how its connections are had and its changes
/// run, how it keeps a text value, and the few statements that need its own JSON, byte-string and array functions.
/// Statements name parameters <c>@name</c>, which both providers accept.
/// </summary>
public interface IJournalDialect
{
    /// <summary>An open connection for reads, the caller's to dispose.</summary>
    ValueTask<DbConnection> OpenReadAsync(CancellationToken ct);

    /// <summary>
    /// A read-only transaction on <paramref name="c"/> whose statements all see one snapshot, so that a page and its
    /// total agree while another connection prunes or writes.
    /// </summary>
    ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection c, CancellationToken ct);

    /// <summary>
    /// Runs a change and commits it. <paramref name="severalStatements"/>: the work runs more than one statement,
    /// which must commit together; a store that runs changes in transactions of its own anyway may ignore it. The
    /// transaction handed to the work is null when the store runs a single statement without one.
    /// </summary>
    Task<T> WriteAsync<T>(bool severalStatements, Func<DbConnection, DbTransaction?, CancellationToken, Task<T>> work, CancellationToken ct);

    /// <summary>A parameter value as the store can hold it (others pass unchanged).</summary>
    object? Storable(object? value);

    /// <summary>The collation that orders text byte-wise, so that a batch's groups list in the same order on every store.</summary>
    string BytewiseCollation { get; }

    /// <summary>
    /// One group's slice of a batch's written objects (parameters @seq, @c, @t, @from, @n, the last two 32-bit): one
    /// row with the slice of the packed ids and the JSON array of the slice of its keys (null when it has none).
    /// </summary>
    string ObjectSliceSql { get; }

    /// <summary>
    /// A page of a batch's failures (parameters @seq, @skip, @limit): the page's elements of the stored JSON array as
    /// JSON text in item order, then one row with the length of the whole array (0 when there is none).
    /// </summary>
    string FailurePageSql { get; }

    /// <summary>
    /// The current state of each of <paramref name="group"/>'s objects, in its order, added to <paramref name="into"/>:
    /// the objects table is the store's own shape.
    /// </summary>
    Task AddProvenanceAsync(DbConnection c, WrittenIds group, List<ObjectProvenance> into, CancellationToken ct);
}
