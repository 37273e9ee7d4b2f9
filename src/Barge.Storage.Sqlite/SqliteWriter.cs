using Barge.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Barge.Storage.Sqlite;

/// <summary>
/// The single writer of a SQLite store (group commit, see <see cref="GroupCommitWriter{TContext}"/>). SQLite allows
/// one writer at a time anyway: serializing here avoids SQLITE_BUSY and makes read-modify-write safe. Nothing is
/// retried: a job that fails fails its caller.
/// </summary>
internal sealed class SqliteWriter(SqliteConnection connection, int queueCapacity)
    : GroupCommitWriter<WriteContext>(new WriteContext(connection), queueCapacity)
{
    protected override void Begin(WriteContext context) => context.Begin();
    protected override void Commit(WriteContext context) => context.Commit();
    protected override void Rollback(WriteContext context) => context.Rollback();

    protected override async ValueTask DisposeContextAsync(WriteContext context)
    {
        context.Dispose();
        await context.Connection.DisposeAsync().ConfigureAwait(false);
    }
}
