using System.Data.Common;
using Barge.Core.Journal;
using Barge.Storage.Relational.Journal;
using Microsoft.Data.Sqlite;

namespace Barge.Storage.Sqlite;

/// <summary>
/// SQLite's part of the journal: reads on pooled reader connections, every change on the single writer (SQLite has
/// one writer at a time anyway), and SQLite's JSON and blob functions.
/// </summary>
internal sealed class SqliteJournalDialect(SqliteWriter writer, Func<SqliteConnection> openRead) : IJournalDialect
{
    public ValueTask<DbConnection> OpenReadAsync(CancellationToken ct) => ValueTask.FromResult<DbConnection>(openRead());

    /// <summary>
    /// A deferred transaction: in WAL mode its first read fixes the snapshot until it ends, and it never takes the
    /// write lock (the provider's default, BEGIN IMMEDIATE, would wait behind the writer).
    /// </summary>
    public ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection c, CancellationToken ct) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)c).BeginTransaction(deferred: true));

    /// <summary>
    /// On the writer's thread, in its transaction (which also makes several statements commit together). The work's
    /// asynchronous calls complete before they return: Microsoft.Data.Sqlite runs its async methods synchronously.
    /// </summary>
    public Task<T> WriteAsync<T>(bool severalStatements, Func<DbConnection, DbTransaction?, CancellationToken, Task<T>> work, CancellationToken ct) =>
        writer.RunAsync(ctx =>
        {
            var task = work(ctx.Connection, ctx.Transaction, CancellationToken.None);
            if (!task.IsCompleted) throw new InvalidOperationException("a journal change did not complete synchronously on the SQLite writer");
            // Not a blocking wait: the task is complete (checked above), and this reads its result on the writer thread.
#pragma warning disable VSTHRD002
            return task.GetAwaiter().GetResult();
#pragma warning restore VSTHRD002
        }, ct);

    public object? Storable(object? value) => value;

    public string BytewiseCollation => "BINARY";

    public string ObjectSliceSql =>
        "SELECT substr(ids, @from * 16 + 1, @n * 16), CASE WHEN keys IS NULL THEN NULL ELSE " +
        "(SELECT json_group_array(value) FROM (SELECT value FROM json_each(keys) ORDER BY key LIMIT @n OFFSET @from)) END " +
        "FROM journal_ids WHERE batch_seq = @seq AND class = @c AND tenant = @t";

    public string FailurePageSql =>
        "SELECT f.value FROM journal j, json_each(j.failures) f WHERE j.seq = @seq ORDER BY f.key LIMIT @limit OFFSET @skip; " +
        "SELECT coalesce(json_array_length(failures), 0) FROM journal WHERE seq = @seq;";

    /// <summary>One lookup per object: SQLite has no arrays to bind, and each lookup is a point read in the same process.</summary>
    public async Task AddProvenanceAsync(DbConnection c, WrittenIds group, List<ObjectProvenance> into, CancellationToken ct)
    {
        await using var cmd = (SqliteCommand)c.CreateCommand();
        cmd.CommandText = "SELECT o.batch, o.batch_created, j.id FROM objects o LEFT JOIN journal j ON j.seq = o.batch " +
                          "WHERE o.class = @c AND o.tenant = @t AND o.id = @id";
        cmd.Parameters.AddWithValue("@c", group.Class);
        cmd.Parameters.AddWithValue("@t", group.Tenant ?? "");
        var pid = cmd.Parameters.Add("@id", SqliteType.Text);
        foreach (var id in group.Ids)
        {
            pid.Value = id;
            await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            into.Add(await r.ReadAsync(ct).ConfigureAwait(false)
                ? new ObjectProvenance(group.Class, group.Tenant, id, true, r.IsDBNull(0) ? null : r.GetInt64(0),
                    !r.IsDBNull(1) && r.GetInt64(1) == 1, r.IsDBNull(2) ? null : r.GetString(2))
                : new ObjectProvenance(group.Class, group.Tenant, id, false, null, false, null));
        }
    }
}
