using Barge.Core.Storage;
using Barge.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace Barge.Storage.Sqlite;

/// <summary>
/// The single writer of a SQLite store (group commit, see <see cref="GroupCommitWriter{TContext}"/>). SQLite allows
/// one writer at a time anyway: serializing here avoids SQLITE_BUSY and makes read-modify-write safe. Nothing is
/// retried: a job that fails fails its caller, a full disk as Core's <see cref="Core.Errors.OutOfSpaceException"/>.
/// <paramref name="openedReadOnly"/>: the connection was opened read-only on an unwritable data folder, so a refused
/// write is not a moment's trouble that passes while the server runs but lasts until a restart, and says so.
/// </summary>
internal sealed class SqliteWriter(SqliteConnection connection, IndexRows index, int queueCapacity, Action afterCommit, bool openedReadOnly = false)
    : GroupCommitWriter<WriteContext>(new WriteContext(connection, index, afterCommit), queueCapacity)
{
    protected override Exception Translate(Exception error) => SqliteErrors.Translate(error) switch
    {
        Core.Errors.OutOfSpaceException when openedReadOnly => Core.Errors.OutOfSpaceException.OpenedReadOnly(error),
        var translated => translated,
    };
}
