using Barge.Core.Journal;
using Barge.Core.Storage;
using Barge.Storage.Relational;
using Npgsql;
using NpgsqlTypes;

namespace Barge.Storage.Postgres;

/// <summary>The PostgreSQL journal statements and typed parameters; the values' format is Core's <see cref="JournalRowFormat"/>.</summary>
internal static class PgJournalRows
{
    /// <summary>The columns every journal read selects, in the order <see cref="JournalRowFormat.Read"/> expects.</summary>
    public const string Columns =
        "seq, id, \"user\", environment, service, name, reason, source, status, message, started, ended, total, succeeded, failed, " +
        "dry_run, atomic, idempotency_key, request_hash, failures";

    /// <summary>No row (so no seq) when the id or the idempotency key is taken: ON CONFLICT covers both unique constraints.</summary>
    public const string InsertSql =
        "INSERT INTO journal(id, \"user\", environment, service, name, reason, source, status, message, started, dry_run, atomic, idempotency_key, request_hash) " +
        "VALUES(@id, @user, @env, @service, @name, @reason, @source, 'running', @message, @started, @dry, @atomic, @key, @hash) " +
        "ON CONFLICT DO NOTHING RETURNING seq";

    private const string CompleteSql =
        "UPDATE journal SET status = @status, message = @message, ended = @ended, total = @total, succeeded = @ok, failed = @failed, failures = @failures WHERE seq = @seq";

    private const string InsertIdsSql =
        "INSERT INTO journal_ids(batch_seq, class, tenant, ids, keys) VALUES(@seq, @class, @tenant, @ids, @keys) " +
        "ON CONFLICT (batch_seq, class, tenant) DO UPDATE SET ids = excluded.ids, keys = excluded.keys";

    /// <summary>
    /// Writes a batch's completion inside the caller's transaction: its row and its packed id lists (one row per
    /// collection and tenant). Synchronous, for the writer that commits it with the batch's data.
    /// </summary>
    public static void Complete(NpgsqlConnection c, NpgsqlTransaction tx, JournalCompletion completion)
    {
        foreach (var cmd in Commands(c, tx, completion))
        {
            using (cmd) cmd.ExecuteNonQuery();
        }
    }

    /// <summary>The statements of a completion, for <see cref="Complete"/> and its asynchronous caller.</summary>
    public static IEnumerable<NpgsqlCommand> Commands(NpgsqlConnection c, NpgsqlTransaction? tx, JournalCompletion completion)
    {
        var update = new NpgsqlCommand(CompleteSql, c, tx);
        update.Parameters.Add(Param("status", NpgsqlDbType.Text, BatchStatusNames.Name(completion.Status)));
        update.Parameters.Add(Param("message", NpgsqlDbType.Text, completion.Message));
        update.Parameters.Add(Param("ended", NpgsqlDbType.Bigint, completion.EndedMs));
        update.Parameters.Add(Param("total", NpgsqlDbType.Bigint, (long)completion.Total));
        update.Parameters.Add(Param("ok", NpgsqlDbType.Bigint, (long)completion.Succeeded));
        update.Parameters.Add(Param("failed", NpgsqlDbType.Bigint, (long)completion.Failed));
        update.Parameters.Add(Param("failures", NpgsqlDbType.Text, JournalRowFormat.FailuresJson(completion.Failures)));
        update.Parameters.Add(Param("seq", NpgsqlDbType.Bigint, completion.Seq));
        yield return update;
        foreach (var group in completion.Written)
        {
            var insert = new NpgsqlCommand(InsertIdsSql, c, tx);
            insert.Parameters.Add(Param("seq", NpgsqlDbType.Bigint, completion.Seq));
            insert.Parameters.Add(Param("class", NpgsqlDbType.Text, group.Class));
            insert.Parameters.Add(Param("tenant", NpgsqlDbType.Text, PgText.Tenant(group.Tenant)));
            insert.Parameters.Add(Param("ids", NpgsqlDbType.Bytea, JournalRowFormat.Pack(group.Ids)));
            insert.Parameters.Add(Param("keys", NpgsqlDbType.Text, JournalRowFormat.KeysJson(group.Keys)));
            yield return insert;
        }
    }

    /// <summary>A typed parameter; null becomes DBNull (the type tells PostgreSQL what the NULL is).</summary>
    /// <summary>A typed parameter; text goes through <see cref="PgText.Storable(object?)"/> (no U+0000 in PostgreSQL text).</summary>
    public static NpgsqlParameter Param(string name, NpgsqlDbType type, object? value) => new(name, type) { Value = PgText.Storable(value) ?? DBNull.Value };
}
