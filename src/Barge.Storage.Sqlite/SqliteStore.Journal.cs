using System.Text;
using Barge.Core.Journal;
using Barge.Core.Storage;
using Barge.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace Barge.Storage.Sqlite;

/// <summary>
/// The journal side of the store (<see cref="IBatchJournalStore"/>). Reads use reader connections; every change goes
/// through the single writer, and a batch's completion rides in the same writer job as its data.
/// </summary>
public sealed partial class SqliteStore : IBatchJournalStore
{
    public Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<WriteCommand> commands, WriteOptions options, CancellationToken ct = default) =>
        _writer.RunAsync(ctx =>
        {
            // Atomic: a savepoint inside the group transaction, so that rolling this batch back spares the neighbours.
            const string savepoint = "atomic_batch";
            if (options.Atomic) ctx.Transaction!.Save(savepoint);
            var outcomes = _executor.Execute(ctx, commands, options.Batch);
            if (options.Atomic)
            {
                if (outcomes.Any(o => !o.Succeeded))
                {
                    ctx.Transaction!.Rollback(savepoint);
                    ctx.Index.ForgetUncommitted(); // index field ids created since the savepoint are gone
                }
                ctx.Transaction!.Release(savepoint);
            }
            JournalRows.Complete(ctx, options.Complete(outcomes));
            return outcomes;
        }, ct);

    public Task<long?> BeginAsync(JournalEntry e, CancellationToken ct = default) =>
        _writer.RunAsync(ctx =>
        {
            var cmd = ctx.Command(JournalRows.InsertSql);
            WriteCommandExecutor.Bind(cmd, ("$id", e.Id), ("$user", e.User), ("$env", e.Environment), ("$service", e.Service), ("$name", e.Name),
                ("$reason", e.Reason), ("$source", e.Source), ("$message", e.Message), ("$started", e.StartedMs), ("$dry", e.DryRun ? 1 : 0),
                ("$atomic", e.Atomic ? 1 : 0), ("$key", e.IdempotencyKey), ("$hash", e.RequestHash));
            return cmd.ExecuteScalar() is long seq ? seq : (long?)null;
        }, ct);

    public Task CompleteAsync(JournalCompletion completion, CancellationToken ct = default) =>
        _writer.RunAsync(ctx => { JournalRows.Complete(ctx, completion); return 0; }, ct);

    public Task<JournalEntry?> GetAsync(string id, CancellationToken ct = default) => FindEntryAsync("id = $v", id, ct);

    public Task<JournalEntry?> FindByIdempotencyKeyAsync(string key, CancellationToken ct = default) => FindEntryAsync("idempotency_key = $v", key, ct);

    private async Task<JournalEntry?> FindEntryAsync(string where, string value, CancellationToken ct)
    {
        await using var c = OpenRead();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT {JournalRows.Columns} FROM journal WHERE {where}";
        cmd.Parameters.AddWithValue("$v", value);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? JournalRowFormat.Read(r) : null;
    }

    public Task StoreAnswerAsync(long seq, StoredAnswer answer, CancellationToken ct = default) =>
        _writer.RunAsync(ctx =>
        {
            var cmd = ctx.Command("UPDATE journal SET answer_status = $s, answer_type = $t, answer = $b WHERE seq = $seq");
            WriteCommandExecutor.Bind(cmd, ("$s", answer.Status), ("$t", answer.ContentType), ("$b", answer.Body), ("$seq", seq));
            return cmd.ExecuteNonQuery();
        }, ct);

    public async Task<StoredAnswer?> GetAnswerAsync(long seq, CancellationToken ct = default)
    {
        await using var c = OpenRead();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT answer_status, answer_type, answer FROM journal WHERE seq = $seq AND answer IS NOT NULL";
        cmd.Parameters.AddWithValue("$seq", seq);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? new StoredAnswer(r.GetInt32(0), r.GetString(1), (byte[])r.GetValue(2)) : null;
    }

    public async Task<JournalPage> ListAsync(JournalQuery q, CancellationToken ct = default)
    {
        await using var c = OpenRead();
        await using var cmd = c.CreateCommand();
        var where = new StringBuilder("1=1");
        void Filter(string clause, string name, object? value)
        {
            if (value is null) return;
            where.Append(" AND ").Append(clause);
            cmd.Parameters.AddWithValue(name, value);
        }
        Filter("name = $name", "$name", q.Name);
        Filter("status = $status", "$status", q.Status is { } s ? BatchStatusNames.Name(s) : null);
        Filter("started >= $since", "$since", q.SinceMs);
        Filter("started < $until", "$until", q.UntilMs);
        Filter("user = $user", "$user", q.User);
        Filter("EXISTS (SELECT 1 FROM journal_ids i WHERE i.batch_seq = journal.seq AND i.class = $class)", "$class", q.Class);
        cmd.CommandText = $"SELECT {JournalRows.Columns} FROM journal WHERE {where} ORDER BY seq DESC LIMIT $limit OFFSET $skip; " +
                          $"SELECT count(*) FROM journal WHERE {where};";
        cmd.Parameters.AddWithValue("$limit", q.Limit);
        cmd.Parameters.AddWithValue("$skip", q.Skip);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await JournalRowFormat.ReadPageAsync(r, ct);
    }

    public async Task<IReadOnlyList<WrittenIds>> WrittenAsync(long seq, CancellationToken ct = default)
    {
        await using var c = OpenRead();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT class, tenant, ids, keys FROM journal_ids WHERE batch_seq = $seq ORDER BY class, tenant";
        cmd.Parameters.AddWithValue("$seq", seq);
        var groups = new List<WrittenIds>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            groups.Add(new WrittenIds(r.GetString(0), r.GetString(1) is { Length: > 0 } t ? t : null, JournalRowFormat.Unpack((byte[])r.GetValue(2)),
                JournalRowFormat.ParseKeys(r.IsDBNull(3) ? null : r.GetString(3))));
        return groups;
    }

    public async Task<JournalObjectPage> ObjectsAsync(long seq, int skip, int limit, CancellationToken ct = default)
    {
        await using var c = OpenRead();
        // The groups' sizes first (a few rows), then only the slices of their blobs and key arrays the page covers.
        var groups = new List<(string Class, string Tenant, long Size)>();
        await using (var sizes = c.CreateCommand())
        {
            sizes.CommandText = "SELECT class, tenant, length(ids) / 16 FROM journal_ids WHERE batch_seq = $seq ORDER BY class, tenant";
            sizes.Parameters.AddWithValue("$seq", seq);
            await using var r = await sizes.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) groups.Add((r.GetString(0), r.GetString(1), r.GetInt64(2)));
        }
        var items = new List<JournalObject>();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT substr(ids, $from * 16 + 1, $n * 16), CASE WHEN keys IS NULL THEN NULL ELSE " +
                          "(SELECT json_group_array(value) FROM (SELECT value FROM json_each(keys) ORDER BY key LIMIT $n OFFSET $from)) END " +
                          "FROM journal_ids WHERE batch_seq = $seq AND class = $c AND tenant = $t";
        cmd.Parameters.AddWithValue("$seq", seq);
        var pc = cmd.Parameters.Add("$c", SqliteType.Text);
        var pt = cmd.Parameters.Add("$t", SqliteType.Text);
        var pfrom = cmd.Parameters.Add("$from", SqliteType.Integer);
        var pn = cmd.Parameters.Add("$n", SqliteType.Integer);
        foreach (var (g, from, count) in JournalRowFormat.Slices(groups.Select(x => x.Size).ToList(), skip, limit))
        {
            (pc.Value, pt.Value, pfrom.Value, pn.Value) = (groups[g].Class, groups[g].Tenant, from, count);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct)) continue;
            var ids = JournalRowFormat.Unpack((byte[])r.GetValue(0));
            var keys = JournalRowFormat.ParseKeys(r.IsDBNull(1) ? null : r.GetString(1));
            var tenant = groups[g].Tenant is { Length: > 0 } t ? t : null;
            for (var i = 0; i < ids.Count; i++) items.Add(new JournalObject(groups[g].Class, tenant, ids[i], keys is not null && i < keys.Count ? keys[i] : ids[i]));
        }
        return new JournalObjectPage(items, groups.Sum(x => x.Size));
    }

    public async Task<JournalFailurePage> FailuresAsync(long seq, int skip, int limit, CancellationToken ct = default)
    {
        await using var c = OpenRead();
        await using var cmd = c.CreateCommand();
        // json_each walks the stored array in SQLite; only the page's elements come out.
        cmd.CommandText = "SELECT f.value FROM journal j, json_each(j.failures) f WHERE j.seq = $seq ORDER BY f.key LIMIT $limit OFFSET $skip; " +
                          "SELECT coalesce(json_array_length(failures), 0) FROM journal WHERE seq = $seq;";
        cmd.Parameters.AddWithValue("$seq", seq);
        cmd.Parameters.AddWithValue("$limit", limit);
        cmd.Parameters.AddWithValue("$skip", skip);
        var items = new List<BatchFailure>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) items.Add(JournalRowFormat.ParseFailure(r.GetString(0)));
        await r.NextResultAsync(ct);
        var total = await r.ReadAsync(ct) ? r.GetInt64(0) : 0;
        return new JournalFailurePage(items, total);
    }

    public Task<bool> DeleteAsync(long seq, CancellationToken ct = default) =>
        _writer.RunAsync(ctx =>
        {
            var ids = ctx.Command("DELETE FROM journal_ids WHERE batch_seq = $seq");
            WriteCommandExecutor.Bind(ids, ("$seq", seq));
            ids.ExecuteNonQuery();
            var row = ctx.Command("DELETE FROM journal WHERE seq = $seq");
            WriteCommandExecutor.Bind(row, ("$seq", seq));
            return row.ExecuteNonQuery() > 0;
        }, ct);

    public async Task<IReadOnlyList<ObjectProvenance>> ProvenanceAsync(long seq, CancellationToken ct = default)
    {
        var written = await WrittenAsync(seq, ct);
        await using var c = OpenRead();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT o.batch, o.batch_created, j.id FROM objects o LEFT JOIN journal j ON j.seq = o.batch " +
                          "WHERE o.class = $c AND o.tenant = $t AND o.id = $id";
        var pc = cmd.Parameters.Add("$c", SqliteType.Text);
        var pt = cmd.Parameters.Add("$t", SqliteType.Text);
        var pid = cmd.Parameters.Add("$id", SqliteType.Text);
        var result = new List<ObjectProvenance>();
        foreach (var group in written)
        {
            pc.Value = group.Class;
            pt.Value = group.Tenant ?? "";
            foreach (var id in group.Ids)
            {
                pid.Value = id;
                await using var r = await cmd.ExecuteReaderAsync(ct);
                result.Add(await r.ReadAsync(ct)
                    ? new ObjectProvenance(group.Class, group.Tenant, id, true, r.IsDBNull(0) ? null : r.GetInt64(0),
                        !r.IsDBNull(1) && r.GetInt64(1) == 1, r.IsDBNull(2) ? null : r.GetString(2))
                    : new ObjectProvenance(group.Class, group.Tenant, id, false, null, false, null));
            }
        }
        return result;
    }

    public Task<int> FailRunningAsync(string message, long nowMs, CancellationToken ct = default) =>
        _writer.RunAsync(ctx =>
        {
            var cmd = ctx.Command("UPDATE journal SET status = 'failed', message = $m, ended = $now WHERE status = 'running'");
            WriteCommandExecutor.Bind(cmd, ("$m", message), ("$now", nowMs));
            return cmd.ExecuteNonQuery();
        }, ct);

    public Task<int> PruneAsync(long? startedBeforeMs, int? keepNewest, int maxRows, CancellationToken ct = default) =>
        _writer.RunAsync(ctx =>
        {
            // Running batches are never pruned: their completion is still to come.
            var select = ctx.Command(
                "SELECT seq FROM journal WHERE status <> 'running' AND (started < $cutoff OR seq <= " +
                "(SELECT seq FROM journal ORDER BY seq DESC LIMIT 1 OFFSET $keep)) ORDER BY seq LIMIT $n");
            WriteCommandExecutor.Bind(select, ("$cutoff", startedBeforeMs), ("$keep", keepNewest ?? int.MaxValue), ("$n", maxRows));
            var seqs = new List<long>();
            using (var r = select.ExecuteReader())
                while (r.Read()) seqs.Add(r.GetInt64(0));
            foreach (var sql in new[] { "DELETE FROM journal_ids WHERE batch_seq = $seq", "DELETE FROM journal WHERE seq = $seq" })
            {
                var delete = ctx.Command(sql);
                foreach (var seq in seqs)
                {
                    WriteCommandExecutor.Bind(delete, ("$seq", seq));
                    delete.ExecuteNonQuery();
                }
            }
            return seqs.Count;
        }, ct);
}
