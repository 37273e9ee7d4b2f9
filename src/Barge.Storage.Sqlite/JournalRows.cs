using Barge.Core.Journal;
using Barge.Core.Storage;
using Barge.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace Barge.Storage.Sqlite;

/// <summary>The SQLite journal statements; the values' format is Core's <see cref="JournalRowFormat"/>.</summary>
internal static class JournalRows
{
    /// <summary>The columns every journal read selects, in the order <see cref="JournalRowFormat.Read"/> expects.</summary>
    public const string Columns =
        "seq, id, user, environment, service, name, reason, source, status, message, started, ended, total, succeeded, failed, " +
        "dry_run, atomic, idempotency_key, request_hash, failures";

    public const string InsertSql =
        "INSERT OR IGNORE INTO journal(id, user, environment, service, name, reason, source, status, message, started, dry_run, atomic, idempotency_key, request_hash) " +
        "VALUES($id, $user, $env, $service, $name, $reason, $source, 'running', $message, $started, $dry, $atomic, $key, $hash) RETURNING seq";

    private const string CompleteSql =
        "UPDATE journal SET status = $status, message = $message, ended = $ended, total = $total, succeeded = $ok, failed = $failed, failures = $failures WHERE seq = $seq";

    private const string InsertIdsSql = "INSERT OR REPLACE INTO journal_ids(batch_seq, class, tenant, ids, keys) VALUES($seq, $class, $tenant, $ids, $keys)";

    /// <summary>Writes a batch's completion: its row and its packed id lists (one row per collection and tenant).</summary>
    public static void Complete(WriteContext ctx, JournalCompletion c)
    {
        var update = ctx.Command(CompleteSql);
        WriteCommandExecutor.Bind(update, ("$status", BatchStatusNames.Name(c.Status)), ("$message", c.Message), ("$ended", c.EndedMs),
            ("$total", c.Total), ("$ok", c.Succeeded), ("$failed", c.Failed), ("$failures", JournalRowFormat.FailuresJson(c.Failures)), ("$seq", c.Seq));
        update.ExecuteNonQuery();
        foreach (var group in c.Written)
        {
            var insert = ctx.Command(InsertIdsSql);
            WriteCommandExecutor.Bind(insert, ("$seq", c.Seq), ("$class", group.Class), ("$tenant", group.Tenant ?? ""), ("$ids", JournalRowFormat.Pack(group.Ids)),
                ("$keys", JournalRowFormat.KeysJson(group.Keys)));
            insert.ExecuteNonQuery();
        }
    }
}
