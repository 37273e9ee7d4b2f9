using System.Text;
using Barge.Core.Journal;
using Barge.Core.Storage;
using Barge.Storage.Relational;
using Npgsql;
using NpgsqlTypes;
using static Barge.Storage.Postgres.PgJournalRows;

namespace Barge.Storage.Postgres;

/// <summary>
/// The journal side of the store (<see cref="IBatchJournalStore"/>), apart from the batch write that completes a
/// journal row with its data. PostgreSQL serializes these small statements itself, so they use pooled connections
/// directly instead of the writer; each is one statement or one short transaction.
/// </summary>
public sealed partial class PostgresStore
{
    public async Task<long?> BeginAsync(JournalEntry e, CancellationToken ct = default)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(InsertSql, c);
        cmd.Parameters.AddRange(new NpgsqlParameter[] {
            Param("id", NpgsqlDbType.Text, e.Id), Param("user", NpgsqlDbType.Text, e.User), Param("env", NpgsqlDbType.Text, e.Environment),
            Param("service", NpgsqlDbType.Text, e.Service), Param("name", NpgsqlDbType.Text, e.Name), Param("reason", NpgsqlDbType.Text, e.Reason),
            Param("source", NpgsqlDbType.Text, e.Source), Param("message", NpgsqlDbType.Text, e.Message), Param("started", NpgsqlDbType.Bigint, e.StartedMs),
            Param("dry", NpgsqlDbType.Boolean, e.DryRun), Param("atomic", NpgsqlDbType.Boolean, e.Atomic),
            Param("key", NpgsqlDbType.Text, e.IdempotencyKey), Param("hash", NpgsqlDbType.Text, e.RequestHash),
        });
        return await cmd.ExecuteScalarAsync(ct) is long seq ? seq : null;
    }

    public async Task CompleteAsync(JournalCompletion completion, CancellationToken ct = default)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        foreach (var cmd in Commands(c, tx, completion))
        {
            await using (cmd) await cmd.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    public Task<JournalEntry?> GetAsync(string id, CancellationToken ct = default) => FindEntryAsync("id = @v", id, ct);

    public Task<JournalEntry?> FindByIdempotencyKeyAsync(string key, CancellationToken ct = default) => FindEntryAsync("idempotency_key = @v", key, ct);

    private async Task<JournalEntry?> FindEntryAsync(string where, string value, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand($"SELECT {Columns} FROM journal WHERE {where}", c);
        cmd.Parameters.Add(Param("v", NpgsqlDbType.Text, value));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? JournalRowFormat.Read(r) : null;
    }

    public async Task StoreAnswerAsync(long seq, StoredAnswer answer, CancellationToken ct = default)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("UPDATE journal SET answer_status = @s, answer_type = @t, answer = @b WHERE seq = @seq", c);
        cmd.Parameters.AddRange(new NpgsqlParameter[] {
            Param("s", NpgsqlDbType.Integer, answer.Status), Param("t", NpgsqlDbType.Text, answer.ContentType),
            Param("b", NpgsqlDbType.Bytea, answer.Body), Param("seq", NpgsqlDbType.Bigint, seq),
        });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<StoredAnswer?> GetAnswerAsync(long seq, CancellationToken ct = default)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT answer_status, answer_type, answer FROM journal WHERE seq = @seq AND answer IS NOT NULL", c);
        cmd.Parameters.Add(Param("seq", NpgsqlDbType.Bigint, seq));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? new StoredAnswer(r.GetInt32(0), r.GetString(1), r.GetFieldValue<byte[]>(2)) : null;
    }

    public async Task<JournalPage> ListAsync(JournalQuery q, CancellationToken ct = default)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = c.CreateCommand();
        var where = new StringBuilder("TRUE");
        void Filter(string clause, NpgsqlParameter p)
        {
            if (p.Value is DBNull) return;
            where.Append(" AND ").Append(clause);
            cmd.Parameters.Add(p);
        }
        Filter("name = @name", Param("name", NpgsqlDbType.Text, q.Name));
        Filter("status = @status", Param("status", NpgsqlDbType.Text, q.Status is { } s ? BatchStatusNames.Name(s) : null));
        Filter("started >= @since", Param("since", NpgsqlDbType.Bigint, q.SinceMs));
        Filter("started < @until", Param("until", NpgsqlDbType.Bigint, q.UntilMs));
        Filter("\"user\" = @user", Param("user", NpgsqlDbType.Text, q.User));
        Filter("EXISTS (SELECT 1 FROM journal_ids i WHERE i.batch_seq = journal.seq AND i.class = @class)", Param("class", NpgsqlDbType.Text, q.Class));
        cmd.CommandText = $"SELECT {Columns} FROM journal WHERE {where} ORDER BY seq DESC LIMIT @limit OFFSET @skip; " +
                          $"SELECT count(*) FROM journal WHERE {where};";
        cmd.Parameters.Add(Param("limit", NpgsqlDbType.Bigint, (long)q.Limit));
        cmd.Parameters.Add(Param("skip", NpgsqlDbType.Bigint, (long)q.Skip));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await JournalRowFormat.ReadPageAsync(r, ct);
    }

    public async Task<IReadOnlyList<WrittenIds>> WrittenAsync(long seq, CancellationToken ct = default)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        // COLLATE "C": the SQLite store orders the groups byte-wise.
        await using var cmd = new NpgsqlCommand(
            "SELECT class, tenant, ids, keys FROM journal_ids WHERE batch_seq = @seq ORDER BY class COLLATE \"C\", tenant COLLATE \"C\"", c);
        cmd.Parameters.Add(Param("seq", NpgsqlDbType.Bigint, seq));
        var groups = new List<WrittenIds>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            groups.Add(new WrittenIds(r.GetString(0), r.GetString(1) is { Length: > 0 } t ? t : null, JournalRowFormat.Unpack(r.GetFieldValue<byte[]>(2)),
                JournalRowFormat.ParseKeys(r.IsDBNull(3) ? null : r.GetString(3))));
        return groups;
    }

    public async Task<JournalObjectPage> ObjectsAsync(long seq, int skip, int limit, CancellationToken ct = default)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        // The groups' sizes first (a few rows), then only the slices of their byte strings and key arrays the page covers.
        var groups = new List<(string Class, string Tenant, long Size)>();
        await using (var sizes = new NpgsqlCommand(
            "SELECT class, tenant, length(ids) / 16 FROM journal_ids WHERE batch_seq = @seq ORDER BY class COLLATE \"C\", tenant COLLATE \"C\"", c))
        {
            sizes.Parameters.Add(Param("seq", NpgsqlDbType.Bigint, seq));
            await using var r = await sizes.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) groups.Add((r.GetString(0), r.GetString(1), r.GetInt32(2)));
        }
        var items = new List<JournalObject>();
        await using var cmd = new NpgsqlCommand(
            "SELECT substring(ids FROM @from * 16 + 1 FOR @n * 16), CASE WHEN keys IS NULL THEN NULL ELSE " +
            "(SELECT json_agg(k.value ORDER BY k.n) FROM json_array_elements_text(keys::json) WITH ORDINALITY k(value, n) " +
            "WHERE k.n > @from AND k.n <= @from + @n)::text END FROM journal_ids WHERE batch_seq = @seq AND class = @c AND tenant = @t", c);
        cmd.Parameters.Add(Param("seq", NpgsqlDbType.Bigint, seq));
        var pc = cmd.Parameters.Add(new NpgsqlParameter("c", NpgsqlDbType.Text));
        var pt = cmd.Parameters.Add(new NpgsqlParameter("t", NpgsqlDbType.Text));
        var pfrom = cmd.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.Integer));
        var pn = cmd.Parameters.Add(new NpgsqlParameter("n", NpgsqlDbType.Integer));
        foreach (var (g, from, count) in JournalRowFormat.Slices(groups.Select(x => x.Size).ToList(), skip, limit))
        {
            (pc.Value, pt.Value, pfrom.Value, pn.Value) = (groups[g].Class, groups[g].Tenant, from, count);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct)) continue;
            var ids = JournalRowFormat.Unpack(r.GetFieldValue<byte[]>(0));
            var keys = JournalRowFormat.ParseKeys(r.IsDBNull(1) ? null : r.GetString(1));
            var tenant = groups[g].Tenant is { Length: > 0 } t ? t : null;
            for (var i = 0; i < ids.Count; i++) items.Add(new JournalObject(groups[g].Class, tenant, ids[i], keys is not null && i < keys.Count ? keys[i] : ids[i]));
        }
        return new JournalObjectPage(items, groups.Sum(x => x.Size));
    }

    public async Task<JournalFailurePage> FailuresAsync(long seq, int skip, int limit, CancellationToken ct = default)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        // json_array_elements walks the stored array in PostgreSQL; only the page's elements come out.
        await using var cmd = new NpgsqlCommand(
            "SELECT f.value::text FROM journal j, json_array_elements(j.failures::json) WITH ORDINALITY f(value, n) WHERE j.seq = @seq " +
            "ORDER BY f.n OFFSET @skip LIMIT @limit; SELECT coalesce(json_array_length(failures::json), 0)::bigint FROM journal WHERE seq = @seq;", c);
        cmd.Parameters.Add(Param("seq", NpgsqlDbType.Bigint, seq));
        cmd.Parameters.Add(Param("skip", NpgsqlDbType.Bigint, (long)skip));
        cmd.Parameters.Add(Param("limit", NpgsqlDbType.Bigint, (long)limit));
        var items = new List<BatchFailure>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) items.Add(JournalRowFormat.ParseFailure(r.GetString(0)));
        await r.NextResultAsync(ct);
        var total = await r.ReadAsync(ct) ? r.GetInt64(0) : 0;
        return new JournalFailurePage(items, total);
    }

    public async Task<bool> DeleteAsync(long seq, CancellationToken ct = default)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        // One statement, so the summary and its id lists go together.
        await using var cmd = new NpgsqlCommand(
            "WITH ids AS (DELETE FROM journal_ids WHERE batch_seq = @seq) DELETE FROM journal WHERE seq = @seq", c);
        cmd.Parameters.Add(Param("seq", NpgsqlDbType.Bigint, seq));
        return await cmd.ExecuteNonQueryAsync(ct) > 0;
    }

    public async Task<IReadOnlyList<ObjectProvenance>> ProvenanceAsync(long seq, CancellationToken ct = default)
    {
        var written = await WrittenAsync(seq, ct);
        await using var c = await _data.OpenConnectionAsync(ct);
        // One query per group: the ids go in as an array, and come back in its order.
        await using var cmd = new NpgsqlCommand(
            "SELECT o.id IS NOT NULL, o.batch, o.batch_created, j.id FROM unnest(@ids) WITH ORDINALITY AS u(id, n) " +
            "LEFT JOIN objects o ON o.class = @c AND o.tenant = @t AND o.id = u.id LEFT JOIN journal j ON j.seq = o.batch ORDER BY u.n", c);
        var pc = cmd.Parameters.Add(new NpgsqlParameter("c", NpgsqlDbType.Text));
        var pt = cmd.Parameters.Add(new NpgsqlParameter("t", NpgsqlDbType.Text));
        var pids = cmd.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid));
        var result = new List<ObjectProvenance>();
        foreach (var group in written)
        {
            pc.Value = group.Class;
            pt.Value = PgText.Tenant(group.Tenant);
            pids.Value = group.Ids.Select(Guid.Parse).ToArray();
            await using var r = await cmd.ExecuteReaderAsync(ct);
            var i = 0;
            while (await r.ReadAsync(ct))
            {
                var id = group.Ids[i++];
                result.Add(r.GetBoolean(0)
                    ? new ObjectProvenance(group.Class, group.Tenant, id, true, r.IsDBNull(1) ? null : r.GetInt64(1),
                        !r.IsDBNull(2) && r.GetBoolean(2), r.IsDBNull(3) ? null : r.GetString(3))
                    : new ObjectProvenance(group.Class, group.Tenant, id, false, null, false, null));
            }
        }
        return result;
    }

    public async Task<int> FailRunningAsync(string message, long nowMs, CancellationToken ct = default)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("UPDATE journal SET status = 'failed', message = @m, ended = @now WHERE status = 'running'", c);
        cmd.Parameters.AddRange(new NpgsqlParameter[] {Param("m", NpgsqlDbType.Text, message), Param("now", NpgsqlDbType.Bigint, nowMs)});
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<int> PruneAsync(long? startedBeforeMs, int? keepNewest, int maxRows, CancellationToken ct = default)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        // Running batches are never pruned: their completion is still to come. One statement deletes the summaries
        // and their id lists together; the count is of summaries this call deleted (a concurrent prune may take some).
        await using var cmd = new NpgsqlCommand(
            "WITH doomed AS MATERIALIZED (SELECT seq FROM journal WHERE status <> 'running' AND (started < @cutoff OR seq <= " +
            "(SELECT seq FROM journal ORDER BY seq DESC LIMIT 1 OFFSET @keep)) ORDER BY seq LIMIT @n), " +
            "ids AS (DELETE FROM journal_ids WHERE batch_seq IN (SELECT seq FROM doomed)), " +
            "gone AS (DELETE FROM journal WHERE seq IN (SELECT seq FROM doomed) RETURNING seq) " +
            "SELECT count(*) FROM gone", c);
        cmd.Parameters.AddRange(new NpgsqlParameter[] {
            Param("cutoff", NpgsqlDbType.Bigint, startedBeforeMs), Param("keep", NpgsqlDbType.Bigint, (long)(keepNewest ?? int.MaxValue)),
            Param("n", NpgsqlDbType.Bigint, (long)maxRows),
        });
        return (int)(long)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
