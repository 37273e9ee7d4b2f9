using System.Text;
using System.Text.Json;
using Barge.Core.Journal;
using Npgsql;
using NpgsqlTypes;

namespace Barge.Storage.Postgres;

/// <summary>Conversion between journal rows and Core's journal records, and the packed id lists (as the SQLite store's JournalRows).</summary>
internal static class PgJournalRows
{
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
        "INSERT INTO journal_ids(batch_seq, class, tenant, ids) VALUES(@seq, @class, @tenant, @ids) " +
        "ON CONFLICT (batch_seq, class, tenant) DO UPDATE SET ids = excluded.ids";

    public static JournalEntry Read(NpgsqlDataReader r) => new()
    {
        Seq = r.GetInt64(0),
        Id = r.GetString(1),
        User = r.GetString(2),
        Environment = r.GetString(3),
        Service = r.GetString(4),
        Name = Text(r, 5),
        Reason = Text(r, 6),
        Source = Text(r, 7),
        Status = BatchStatusNames.Parse(r.GetString(8)) ?? BatchStatus.Failed,
        Message = r.GetString(9),
        StartedMs = r.GetInt64(10),
        EndedMs = r.IsDBNull(11) ? null : r.GetInt64(11),
        Total = (int)r.GetInt64(12),
        Succeeded = (int)r.GetInt64(13),
        Failed = (int)r.GetInt64(14),
        DryRun = r.GetBoolean(15),
        Atomic = r.GetBoolean(16),
        IdempotencyKey = Text(r, 17),
        RequestHash = Text(r, 18),
        Failures = Text(r, 19) is { } json ? ParseFailures(json) : [],
    };

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

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
        update.Parameters.Add(Param("failures", NpgsqlDbType.Text, FailuresJson(completion.Failures)));
        update.Parameters.Add(Param("seq", NpgsqlDbType.Bigint, completion.Seq));
        yield return update;
        foreach (var group in completion.Written)
        {
            var insert = new NpgsqlCommand(InsertIdsSql, c, tx);
            insert.Parameters.Add(Param("seq", NpgsqlDbType.Bigint, completion.Seq));
            insert.Parameters.Add(Param("class", NpgsqlDbType.Text, group.Class));
            insert.Parameters.Add(Param("tenant", NpgsqlDbType.Text, group.Tenant ?? ""));
            insert.Parameters.Add(Param("ids", NpgsqlDbType.Bytea, Pack(group.Ids)));
            yield return insert;
        }
    }

    /// <summary>A typed parameter; null becomes DBNull (the type tells PostgreSQL what the NULL is).</summary>
    /// <summary>A typed parameter; text goes through <see cref="PgText.Storable(object?)"/> (no U+0000 in PostgreSQL text).</summary>
    public static NpgsqlParameter Param(string name, NpgsqlDbType type, object? value) => new(name, type) { Value = PgText.Storable(value) ?? DBNull.Value };

    /// <summary>16 bytes per id, big-endian (RFC 9562 byte order): a million ids are one 16 MB value.</summary>
    public static byte[] Pack(IReadOnlyList<string> ids)
    {
        var bytes = new byte[ids.Count * 16];
        for (var i = 0; i < ids.Count; i++) Guid.Parse(ids[i]).TryWriteBytes(bytes.AsSpan(i * 16, 16), bigEndian: true, out _);
        return bytes;
    }

    public static List<string> Unpack(byte[] bytes)
    {
        var ids = new List<string>(bytes.Length / 16);
        for (var i = 0; i + 16 <= bytes.Length; i += 16) ids.Add(new Guid(bytes.AsSpan(i, 16), bigEndian: true).ToString("D"));
        return ids;
    }

    private static string FailuresJson(IReadOnlyList<BatchFailure> failures)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var f in failures)
            {
                w.WriteStartObject();
                w.WriteNumber("index", f.Index);
                if (f.Id is null) w.WriteNull("id");
                else w.WriteString("id", f.Id);
                w.WriteString("reason", f.Reason);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static List<BatchFailure> ParseFailures(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateArray().Select(e => new BatchFailure(
            e.GetProperty("index").GetInt32(),
            e.GetProperty("id").ValueKind == JsonValueKind.String ? e.GetProperty("id").GetString() : null,
            e.GetProperty("reason").GetString() ?? "")).ToList();
    }
}
