using System.Text;
using System.Text.Json;
using Barge.Core.Journal;
using Microsoft.Data.Sqlite;

namespace Barge.Storage.Sqlite;

/// <summary>Conversion between journal rows and Core's journal records, and the packed id lists.</summary>
internal static class JournalRows
{
    public const string Columns =
        "seq, id, user, environment, service, name, reason, source, status, message, started, ended, total, succeeded, failed, " +
        "dry_run, atomic, idempotency_key, request_hash, failures";

    public const string InsertSql =
        "INSERT OR IGNORE INTO journal(id, user, environment, service, name, reason, source, status, message, started, dry_run, atomic, idempotency_key, request_hash) " +
        "VALUES($id, $user, $env, $service, $name, $reason, $source, 'running', $message, $started, $dry, $atomic, $key, $hash) RETURNING seq";

    private const string CompleteSql =
        "UPDATE journal SET status = $status, message = $message, ended = $ended, total = $total, succeeded = $ok, failed = $failed, failures = $failures WHERE seq = $seq";

    private const string InsertIdsSql = "INSERT OR REPLACE INTO journal_ids(batch_seq, class, tenant, ids) VALUES($seq, $class, $tenant, $ids)";

    public static JournalEntry Read(SqliteDataReader r) => new()
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
        Total = r.GetInt32(12),
        Succeeded = r.GetInt32(13),
        Failed = r.GetInt32(14),
        DryRun = r.GetInt64(15) != 0,
        Atomic = r.GetInt64(16) != 0,
        IdempotencyKey = Text(r, 17),
        RequestHash = Text(r, 18),
        Failures = Text(r, 19) is { } json ? ParseFailures(json) : [],
    };

    private static string? Text(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    /// <summary>Writes a batch's completion: its row and its packed id lists (one row per collection and tenant).</summary>
    public static void Complete(WriteContext ctx, JournalCompletion c)
    {
        var update = ctx.Command(CompleteSql);
        WriteCommandExecutor.Bind(update, ("$status", BatchStatusNames.Name(c.Status)), ("$message", c.Message), ("$ended", c.EndedMs),
            ("$total", c.Total), ("$ok", c.Succeeded), ("$failed", c.Failed), ("$failures", FailuresJson(c.Failures)), ("$seq", c.Seq));
        update.ExecuteNonQuery();
        foreach (var group in c.Written)
        {
            var insert = ctx.Command(InsertIdsSql);
            WriteCommandExecutor.Bind(insert, ("$seq", c.Seq), ("$class", group.Class), ("$tenant", group.Tenant ?? ""), ("$ids", Pack(group.Ids)));
            insert.ExecuteNonQuery();
        }
    }

    /// <summary>16 bytes per id, big-endian (RFC 9562 byte order): a million ids are one 16 MB blob.</summary>
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
