using System.Data;
using System.Data.Common;
using System.Text;
using Barge.Core.Journal;

namespace Barge.Storage.Relational.Journal;

/// <summary>
/// The batch journal (<see cref="IBatchJournalStore"/>) over any store's journal tables, which have the same columns
/// on every store; its values' format is <see cref="JournalRowFormat"/>. The store's <see cref="IJournalDialect"/>
/// says how its connections and changes run and supplies the statements that need its own SQL functions. A batch that
/// writes data completes its row with <see cref="Complete"/> in the writer transaction of that data.
/// </summary>
public sealed class RelationalJournal(IJournalDialect dialect) : IBatchJournalStore
{
    /// <summary>The columns every journal read selects, in the order <see cref="JournalRowFormat.Read"/> expects.</summary>
    private const string Columns =
        "seq, id, \"user\", environment, service, name, reason, source, status, message, started, ended, total, succeeded, failed, " +
        "dry_run, atomic, idempotency_key, request_hash, failures";

    /// <summary>No row (so no seq) when the id or the idempotency key is taken: the conflict clause covers both unique columns.</summary>
    private const string InsertSql =
        "INSERT INTO journal(id, \"user\", environment, service, name, reason, source, status, message, started, dry_run, atomic, idempotency_key, request_hash) " +
        "VALUES(@id, @user, @env, @service, @name, @reason, @source, 'running', @message, @started, @dry, @atomic, @key, @hash) " +
        "ON CONFLICT DO NOTHING RETURNING seq";

    private const string CompleteSql =
        "UPDATE journal SET status = @status, message = @message, ended = @ended, total = @total, succeeded = @ok, failed = @failed, failures = @failures WHERE seq = @seq";

    private const string InsertIdsSql =
        "INSERT INTO journal_ids(batch_seq, class, tenant, ids, keys) VALUES(@seq, @class, @tenant, @ids, @keys) " +
        "ON CONFLICT (batch_seq, class, tenant) DO UPDATE SET ids = excluded.ids, keys = excluded.keys";

    public Task<long?> BeginAsync(JournalEntry e, CancellationToken ct = default) =>
        dialect.WriteAsync(severalStatements: false, async (c, tx, token) =>
        {
            await using var cmd = Command(c, tx, InsertSql,
                ("@id", DbType.String, e.Id), ("@user", DbType.String, e.User), ("@env", DbType.String, e.Environment),
                ("@service", DbType.String, e.Service), ("@name", DbType.String, e.Name), ("@reason", DbType.String, e.Reason),
                ("@source", DbType.String, e.Source), ("@message", DbType.String, e.Message), ("@started", DbType.Int64, e.StartedMs),
                ("@dry", DbType.Boolean, e.DryRun), ("@atomic", DbType.Boolean, e.Atomic),
                ("@key", DbType.String, e.IdempotencyKey), ("@hash", DbType.String, e.RequestHash));
            return await cmd.ExecuteScalarAsync(token).ConfigureAwait(false) is long seq ? seq : (long?)null;
        }, ct);

    /// <summary>
    /// Writes a batch's completion in the caller's open transaction (the writer's, with the batch's data): its row and
    /// its packed id lists, one row per collection and tenant.
    /// </summary>
    public void Complete(DbConnection c, DbTransaction tx, JournalCompletion completion)
    {
        foreach (var cmd in CompletionCommands(c, tx, completion))
        {
            using (cmd) cmd.ExecuteNonQuery();
        }
    }

    public Task CompleteAsync(JournalCompletion completion, CancellationToken ct = default) =>
        dialect.WriteAsync(severalStatements: true, async (c, tx, token) =>
        {
            foreach (var cmd in CompletionCommands(c, tx, completion))
            {
                await using (cmd) await cmd.ExecuteNonQueryAsync(token).ConfigureAwait(false);
            }
            return 0;
        }, ct);

    /// <summary>The statements of a completion, for <see cref="Complete"/> and <see cref="CompleteAsync"/>.</summary>
    private IEnumerable<DbCommand> CompletionCommands(DbConnection c, DbTransaction? tx, JournalCompletion completion)
    {
        yield return Command(c, tx, CompleteSql,
            ("@status", DbType.String, BatchStatusNames.Name(completion.Status)), ("@message", DbType.String, completion.Message),
            ("@ended", DbType.Int64, completion.EndedMs), ("@total", DbType.Int64, (long)completion.Total),
            ("@ok", DbType.Int64, (long)completion.Succeeded), ("@failed", DbType.Int64, (long)completion.Failed),
            ("@failures", DbType.String, JournalRowFormat.FailuresJson(completion.Failures)), ("@seq", DbType.Int64, completion.Seq));
        foreach (var group in completion.Written)
        {
            yield return Command(c, tx, InsertIdsSql,
                ("@seq", DbType.Int64, completion.Seq), ("@class", DbType.String, group.Class), ("@tenant", DbType.String, group.Tenant ?? ""),
                ("@ids", DbType.Binary, JournalRowFormat.Pack(group.Ids)), ("@keys", DbType.String, JournalRowFormat.KeysJson(group.Keys)));
        }
    }

    public Task<JournalEntry?> GetAsync(string id, CancellationToken ct = default) => FindEntryAsync("id = @v", id, ct);

    public Task<JournalEntry?> FindByIdempotencyKeyAsync(string key, CancellationToken ct = default) => FindEntryAsync("idempotency_key = @v", key, ct);

    private async Task<JournalEntry?> FindEntryAsync(string where, string value, CancellationToken ct)
    {
        await using var c = await dialect.OpenReadAsync(ct).ConfigureAwait(false);
        await using var cmd = Command(c, null, $"SELECT {Columns} FROM journal WHERE {where}", ("@v", DbType.String, value));
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? JournalRowFormat.Read(r) : null;
    }

    public Task StoreAnswerAsync(long seq, StoredAnswer answer, CancellationToken ct = default) =>
        dialect.WriteAsync(severalStatements: false, async (c, tx, token) =>
        {
            await using var cmd = Command(c, tx, "UPDATE journal SET answer_status = @s, answer_type = @t, answer = @b WHERE seq = @seq",
                ("@s", DbType.Int32, answer.Status), ("@t", DbType.String, answer.ContentType), ("@b", DbType.Binary, answer.Body), ("@seq", DbType.Int64, seq));
            return await cmd.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        }, ct);

    public async Task<StoredAnswer?> GetAnswerAsync(long seq, CancellationToken ct = default)
    {
        await using var c = await dialect.OpenReadAsync(ct).ConfigureAwait(false);
        await using var cmd = Command(c, null, "SELECT answer_status, answer_type, answer FROM journal WHERE seq = @seq AND answer IS NOT NULL",
            ("@seq", DbType.Int64, seq));
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? new StoredAnswer(r.GetInt32(0), r.GetString(1), r.GetFieldValue<byte[]>(2)) : null;
    }

    public async Task<JournalPage> ListAsync(JournalQuery q, CancellationToken ct = default)
    {
        await using var c = await dialect.OpenReadAsync(ct).ConfigureAwait(false);
        // The page and its total in one snapshot: a prune between two autocommitted reads made them disagree.
        await using var snapshot = await dialect.BeginSnapshotAsync(c, ct).ConfigureAwait(false);
        await using var cmd = Command(c, snapshot, "", ("@limit", DbType.Int64, (long)q.Limit), ("@skip", DbType.Int64, (long)q.Skip));
        var where = new StringBuilder("1=1");
        void Filter(string clause, string name, DbType type, object? value)
        {
            if (value is null) return;
            where.Append(" AND ").Append(clause);
            Add(cmd, name, type, value);
        }
        Filter("name = @name", "@name", DbType.String, q.Name);
        Filter("status = @status", "@status", DbType.String, q.Status is { } s ? BatchStatusNames.Name(s) : null);
        Filter("started >= @since", "@since", DbType.Int64, q.SinceMs);
        Filter("started < @until", "@until", DbType.Int64, q.UntilMs);
        Filter("\"user\" = @user", "@user", DbType.String, q.User);
        Filter("EXISTS (SELECT 1 FROM journal_ids i WHERE i.batch_seq = journal.seq AND i.class = @class)", "@class", DbType.String, q.Class);
        cmd.CommandText = $"SELECT {Columns} FROM journal WHERE {where} ORDER BY seq DESC LIMIT @limit OFFSET @skip; " +
                          $"SELECT count(*) FROM journal WHERE {where};";
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await JournalRowFormat.ReadPageAsync(r, ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<WrittenIds>> WrittenAsync(long seq, CancellationToken ct = default)
    {
        await using var c = await dialect.OpenReadAsync(ct).ConfigureAwait(false);
        await using var cmd = Command(c, null, $"SELECT class, tenant, ids, keys FROM journal_ids WHERE batch_seq = @seq {GroupOrder}", ("@seq", DbType.Int64, seq));
        var groups = new List<WrittenIds>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            groups.Add(new WrittenIds(r.GetString(0), TenantOrNull(r.GetString(1)), JournalRowFormat.Unpack(r.GetFieldValue<byte[]>(2)),
                JournalRowFormat.ParseKeys(r.IsDBNull(3) ? null : r.GetString(3))));
        return groups;
    }

    public async Task<JournalObjectPage> ObjectsAsync(long seq, int skip, int limit, CancellationToken ct = default)
    {
        await using var c = await dialect.OpenReadAsync(ct).ConfigureAwait(false);
        // The groups' sizes first (a few rows), then only the slices of their packed ids and key arrays the page covers.
        var groups = new List<(string Class, string Tenant, long Size)>();
        await using (var sizes = Command(c, null,
                         $"SELECT class, tenant, CAST(length(ids) / 16 AS bigint) FROM journal_ids WHERE batch_seq = @seq {GroupOrder}", ("@seq", DbType.Int64, seq)))
        {
            await using var r = await sizes.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false)) groups.Add((r.GetString(0), r.GetString(1), r.GetInt64(2)));
        }
        var items = new List<JournalObject>();
        await using var cmd = Command(c, null, dialect.ObjectSliceSql, ("@seq", DbType.Int64, seq));
        var pc = Add(cmd, "@c", DbType.String, null);
        var pt = Add(cmd, "@t", DbType.String, null);
        var pfrom = Add(cmd, "@from", DbType.Int32, null);
        var pn = Add(cmd, "@n", DbType.Int32, null);
        foreach (var (g, from, count) in JournalRowFormat.Slices(groups.Select(x => x.Size).ToList(), skip, limit))
        {
            (pc.Value, pt.Value, pfrom.Value, pn.Value) = (groups[g].Class, groups[g].Tenant, from, count);
            await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            if (!await r.ReadAsync(ct).ConfigureAwait(false)) continue;
            var ids = JournalRowFormat.Unpack(r.GetFieldValue<byte[]>(0));
            var keys = JournalRowFormat.ParseKeys(r.IsDBNull(1) ? null : r.GetString(1));
            var tenant = TenantOrNull(groups[g].Tenant);
            for (var i = 0; i < ids.Count; i++) items.Add(new JournalObject(groups[g].Class, tenant, ids[i], keys is not null && i < keys.Count ? keys[i] : ids[i]));
        }
        return new JournalObjectPage(items, groups.Sum(x => x.Size));
    }

    public async Task<JournalFailurePage> FailuresAsync(long seq, int skip, int limit, CancellationToken ct = default)
    {
        await using var c = await dialect.OpenReadAsync(ct).ConfigureAwait(false);
        // The store's JSON functions walk the stored array; only the page's elements come out.
        await using var cmd = Command(c, null, dialect.FailurePageSql,
            ("@seq", DbType.Int64, seq), ("@skip", DbType.Int64, (long)skip), ("@limit", DbType.Int64, (long)limit));
        var items = new List<BatchFailure>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) items.Add(JournalRowFormat.ParseFailure(r.GetString(0)));
        await r.NextResultAsync(ct).ConfigureAwait(false);
        var total = await r.ReadAsync(ct).ConfigureAwait(false) ? r.GetInt64(0) : 0;
        return new JournalFailurePage(items, total);
    }

    public Task<bool> DeleteAsync(long seq, CancellationToken ct = default) =>
        dialect.WriteAsync(severalStatements: true, async (c, tx, token) =>
        {
            // In one transaction, so the summary and its id lists go together.
            await using (var ids = Command(c, tx, "DELETE FROM journal_ids WHERE batch_seq = @seq", ("@seq", DbType.Int64, seq)))
                await ids.ExecuteNonQueryAsync(token).ConfigureAwait(false);
            await using var row = Command(c, tx, "DELETE FROM journal WHERE seq = @seq", ("@seq", DbType.Int64, seq));
            return await row.ExecuteNonQueryAsync(token).ConfigureAwait(false) > 0;
        }, ct);

    public async Task<IReadOnlyList<ObjectProvenance>> ProvenanceAsync(long seq, CancellationToken ct = default)
    {
        var written = await WrittenAsync(seq, ct).ConfigureAwait(false);
        await using var c = await dialect.OpenReadAsync(ct).ConfigureAwait(false);
        var result = new List<ObjectProvenance>();
        foreach (var group in written) await dialect.AddProvenanceAsync(c, group, result, ct).ConfigureAwait(false);
        return result;
    }

    public Task<int> FailRunningAsync(string message, long nowMs, CancellationToken ct = default) =>
        dialect.WriteAsync(severalStatements: false, async (c, tx, token) =>
        {
            await using var cmd = Command(c, tx, "UPDATE journal SET status = 'failed', message = @m, ended = @now WHERE status = 'running'",
                ("@m", DbType.String, message), ("@now", DbType.Int64, nowMs));
            return await cmd.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        }, ct);

    public Task<int> PruneAsync(long? startedBeforeMs, int? keepNewest, int maxRows, CancellationToken ct = default) =>
        dialect.WriteAsync(severalStatements: true, async (c, tx, token) =>
        {
            // Running batches are never pruned: their completion is still to come.
            var seqs = new List<long>();
            await using (var select = Command(c, tx,
                             "SELECT seq FROM journal WHERE status <> 'running' AND (started < @cutoff OR seq <= " +
                             "(SELECT seq FROM journal ORDER BY seq DESC LIMIT 1 OFFSET @keep)) ORDER BY seq LIMIT @n",
                             ("@cutoff", DbType.Int64, startedBeforeMs), ("@keep", DbType.Int64, (long)(keepNewest ?? int.MaxValue)), ("@n", DbType.Int64, (long)maxRows)))
            await using (var r = await select.ExecuteReaderAsync(token).ConfigureAwait(false))
            {
                while (await r.ReadAsync(token).ConfigureAwait(false)) seqs.Add(r.GetInt64(0));
            }
            if (seqs.Count == 0) return 0;
            // The summaries and their id lists together; the count is of summaries this call deleted (on a store that
            // several nodes share, a concurrent prune may have taken some since the select).
            var list = string.Join(", ", seqs.Select((_, i) => "@s" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            await using (var ids = SeqListCommand(c, tx, $"DELETE FROM journal_ids WHERE batch_seq IN ({list})", seqs))
                await ids.ExecuteNonQueryAsync(token).ConfigureAwait(false);
            await using var rows = SeqListCommand(c, tx, $"DELETE FROM journal WHERE seq IN ({list})", seqs);
            return await rows.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        }, ct);

    /// <summary>Byte-wise order of a batch's groups, the same on every store.</summary>
    private string GroupOrder => $"ORDER BY class COLLATE {dialect.BytewiseCollation}, tenant COLLATE {dialect.BytewiseCollation}";

    /// <summary>The tenant column holds "" for none.</summary>
    private static string? TenantOrNull(string tenant) => tenant is { Length: > 0 } ? tenant : null;

    private DbCommand SeqListCommand(DbConnection c, DbTransaction? tx, string sql, List<long> seqs)
    {
        var cmd = Command(c, tx, sql);
        for (var i = 0; i < seqs.Count; i++) Add(cmd, "@s" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), DbType.Int64, seqs[i]);
        return cmd;
    }

    private DbCommand Command(DbConnection c, DbTransaction? tx, string sql, params ReadOnlySpan<(string Name, DbType Type, object? Value)> parameters)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (name, type, value) in parameters) Add(cmd, name, type, value);
        return cmd;
    }

    /// <summary>A typed parameter (the type tells PostgreSQL what a NULL is); values go through the dialect's <see cref="IJournalDialect.Storable"/>.</summary>
    private DbParameter Add(DbCommand cmd, string name, DbType type, object? value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.DbType = type;
        p.Value = dialect.Storable(value) ?? DBNull.Value;
        cmd.Parameters.Add(p);
        return p;
    }
}
