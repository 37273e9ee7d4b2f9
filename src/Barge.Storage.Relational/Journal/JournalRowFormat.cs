using System.Data.Common;
using System.Text;
using System.Text.Json;
using Barge.Core.Errors;
using Barge.Core.Journal;

namespace Barge.Storage.Relational.Journal;

/// <summary>
/// How both stores keep a journal row's values: the entry read back from its columns, the failures as JSON text and
/// the written ids packed into one binary value. One definition, so a journal reads the same from either store.
/// </summary>
internal static class JournalRowFormat
{
    /// <summary>
    /// The entry in a row whose columns are, in order: seq, id, user, environment, service, name, reason, source,
    /// status, message, started, ended, total, succeeded, failed, dry_run, atomic, idempotency_key, request_hash,
    /// failures. Counts and flags are read as 64-bit integers and booleans, which both providers give for both
    /// schemas (SQLite's INTEGER, PostgreSQL's bigint and boolean).
    /// </summary>
    public static JournalEntry Read(DbDataReader r) => new()
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

    /// <summary>
    /// A page of a journal listing from a reader over two results: the page's rows (in <see cref="Read"/>'s column
    /// order), then one row with the count of all matching entries.
    /// </summary>
    public static async Task<JournalPage> ReadPageAsync(DbDataReader r, CancellationToken ct)
    {
        var entries = new List<JournalEntry>();
        while (await r.ReadAsync(ct).ConfigureAwait(false)) entries.Add(Read(r));
        await r.NextResultAsync(ct).ConfigureAwait(false);
        await r.ReadAsync(ct).ConfigureAwait(false);
        return new JournalPage(entries, r.GetInt64(0));
    }

    private static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

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

    public static string FailuresJson(IReadOnlyList<BatchFailure> failures)
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
                if (f.Code is { } code) w.WriteString("code", ItemErrorCodes.Name(code));
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static List<BatchFailure> ParseFailures(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateArray().Select(Failure).ToList();
    }

    /// <summary>One element of the failures array, as a store's JSON functions hand it out one at a time.</summary>
    public static BatchFailure ParseFailure(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return Failure(doc.RootElement);
    }

    private static BatchFailure Failure(JsonElement e) => new(
        e.GetProperty("index").GetInt32(),
        e.GetProperty("id").ValueKind == JsonValueKind.String ? e.GetProperty("id").GetString() : null,
        e.GetProperty("reason").GetString() ?? "",
        // A failure journaled before codes were kept has none.
        e.TryGetProperty("code", out var code) ? ItemErrorCodes.Parse(code.GetString()) : null);

    /// <summary>The caller's names of a group as a JSON array of strings, null when there are none to keep.</summary>
    public static string? KeysJson(IReadOnlyList<string>? keys) => keys is null ? null : JsonSerializer.Serialize(keys);

    public static List<string>? ParseKeys(string? json) => json is null ? null : JsonSerializer.Deserialize<List<string>>(json);

    /// <summary>
    /// Which part of each group a page of the objects covers: the groups' sizes in listing order, the page's start
    /// and length over all of them; each slice is (group, first index in it, count). The journal reads only these.
    /// </summary>
    public static List<(int Group, int From, int Count)> Slices(IReadOnlyList<long> sizes, long skip, int limit)
    {
        var slices = new List<(int, int, int)>();
        long start = 0;
        for (var g = 0; g < sizes.Count && limit > 0; g++)
        {
            var end = start + sizes[g];
            if (skip < end)
            {
                var from = (int)Math.Max(0, skip - start);
                var count = (int)Math.Min(limit, sizes[g] - from);
                slices.Add((g, from, count));
                limit -= count;
                skip += count;
            }
            start = end;
        }
        return slices;
    }
}
