using System.Data.Common;
using Barge.Core.Errors;
using Barge.Core.Journal;
using Barge.Storage.Relational.Journal;
using Npgsql;
using NpgsqlTypes;

namespace Barge.Storage.Postgres;

/// <summary>
/// PostgreSQL's part of the journal. The server serializes these small statements itself, so they run on pooled
/// connections instead of the writer (only a batch's completion rides with its data on the writer); several
/// statements run in a short transaction. Text is kept as <see cref="PgText"/> says, and the paged readers use
/// PostgreSQL's byte-string and JSON functions.
/// </summary>
internal sealed class PgJournalDialect(NpgsqlDataSource data) : IJournalDialect
{
    public async ValueTask<DbConnection> OpenReadAsync(CancellationToken ct) => await data.OpenConnectionAsync(ct).ConfigureAwait(false);

    /// <summary>Read committed takes a snapshot per statement; repeatable read keeps the first one for the transaction.</summary>
    public ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection c, CancellationToken ct) =>
        c.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);

    /// <summary>
    /// A server out of space (or refusing writes) is answered as Core's <see cref="OutOfSpaceException"/>, as the
    /// writer answers it, and as SQLite's journal changes (which run on its writer) are.
    /// </summary>
    public async Task<T> WriteAsync<T>(bool severalStatements, Func<DbConnection, DbTransaction?, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        try
        {
            await using var c = await data.OpenConnectionAsync(ct).ConfigureAwait(false);
            if (!severalStatements) return await work(c, null, ct).ConfigureAwait(false);
            await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
            var result = await work(c, tx, ct).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
            return result;
        }
        catch (PostgresException ex) when (PgErrors.Translate(ex) is OutOfSpaceException full)
        {
            throw full;
        }
    }

    public object? Storable(object? value) => PgText.Storable(value);

    public string BytewiseCollation => "\"C\"";

    public string ObjectSliceSql =>
        "SELECT substring(ids FROM @from * 16 + 1 FOR @n * 16), CASE WHEN keys IS NULL THEN NULL ELSE " +
        "(SELECT json_agg(k.value ORDER BY k.n) FROM json_array_elements_text(keys::json) WITH ORDINALITY k(value, n) " +
        "WHERE k.n > @from AND k.n <= @from + @n)::text END FROM journal_ids WHERE batch_seq = @seq AND class = @c AND tenant = @t";

    public string FailurePageSql =>
        "SELECT f.value::text FROM journal j, json_array_elements(j.failures::json) WITH ORDINALITY f(value, n) WHERE j.seq = @seq " +
        "ORDER BY f.n OFFSET @skip LIMIT @limit; SELECT coalesce(json_array_length(failures::json), 0)::bigint FROM journal WHERE seq = @seq;";

    /// <summary>One query per group: the ids go in as an array, and come back in its order.</summary>
    public async Task AddProvenanceAsync(DbConnection c, WrittenIds group, List<ObjectProvenance> into, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "SELECT o.id IS NOT NULL, o.batch, o.batch_created, j.id FROM unnest(@ids) WITH ORDINALITY AS u(id, n) " +
            "LEFT JOIN objects o ON o.class = @c AND o.tenant = @t AND o.id = u.id LEFT JOIN journal j ON j.seq = o.batch ORDER BY u.n", (NpgsqlConnection)c);
        cmd.Parameters.Add(new NpgsqlParameter("c", NpgsqlDbType.Text) { Value = group.Class });
        cmd.Parameters.Add(new NpgsqlParameter("t", NpgsqlDbType.Text) { Value = PgText.Tenant(group.Tenant) });
        cmd.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = group.Ids.Select(Guid.Parse).ToArray() });
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var i = 0;
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            var id = group.Ids[i++];
            into.Add(r.GetBoolean(0)
                ? new ObjectProvenance(group.Class, group.Tenant, id, true, r.IsDBNull(1) ? null : r.GetInt64(1),
                    !r.IsDBNull(2) && r.GetBoolean(2), r.IsDBNull(3) ? null : r.GetString(3))
                : new ObjectProvenance(group.Class, group.Tenant, id, false, null, false, null));
        }
    }
}
