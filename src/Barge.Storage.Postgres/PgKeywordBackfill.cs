using System.Buffers;
using System.Text.Json.Nodes;
using Barge.Core.Indexing;
using Barge.Core.Schema;
using Barge.Storage.Relational;
using Npgsql;
using NpgsqlTypes;

namespace Barge.Storage.Postgres;

/// <summary>
/// Indexes the objects of a store that predates the keyword index (Migrations/0005_keyword_index.sql), in the
/// migration's transaction under its lock: other nodes wait for it, and a crash midway leaves the migration to run
/// again from scratch. Every object counts in its class's totals; the objects of classes with searchable properties
/// get their posting rows and keyword columns, a page of each class and tenant at a time (in seq order, through the
/// class's seq index), with the classes as stored (the schema is not loaded yet).
/// </summary>
internal static class PgKeywordBackfill
{
    public const int Version = 5;
    private const int Page = 8_192;

    private const string CountSql =
        "INSERT INTO keyword_totals(class, tenant, property, objects, length_sum) SELECT class, tenant, '', count(*), 0 FROM objects GROUP BY class, tenant";
    private const string PageSql =
        "SELECT seq, id, properties FROM objects WHERE class = $1 AND tenant = $2 AND seq > $3 ORDER BY seq LIMIT $4";
    private const string StageSql =
        "CREATE TEMP TABLE keyword_backfill(id uuid, seq bigint, properties text[], lengths integer[]) ON COMMIT DROP";
    private const string CopyStageSql = "COPY keyword_backfill(id, seq, properties, lengths) FROM STDIN (FORMAT BINARY)";
    private const string ApplyStageSql =
        "UPDATE objects o SET keyword_properties = b.properties, keyword_lengths = b.lengths FROM keyword_backfill b WHERE o.id = b.id AND o.seq = b.seq";
    private const string FieldSql =
        "WITH ins AS (INSERT INTO idx_fields(class, prop) VALUES($1, $2) ON CONFLICT (class, prop) DO NOTHING RETURNING id) " +
        "SELECT id FROM ins UNION ALL SELECT id FROM idx_fields WHERE class = $1 AND prop = $2";

    public static async Task RunAsync(NpgsqlConnection c, CancellationToken ct)
    {
        await ExecuteAsync(c, CountSql, ct).ConfigureAwait(false);
        var classes = new Dictionary<string, ClassDefinition>(StringComparer.Ordinal);
        await using (var cmd = new NpgsqlCommand("SELECT name, definition FROM classes", c))
        await using (var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                var definition = PersistedClassJson.Deserialize(r.GetString(1));
                if (KeywordFields.AnyFor(definition)) classes[r.GetString(0)] = definition;
            }
        if (classes.Count == 0) return;
        var tenants = new List<(string Class, string Tenant)>();
        await using (var cmd = new NpgsqlCommand("SELECT DISTINCT class, tenant FROM objects WHERE class = ANY($1)", c))
        {
            cmd.Parameters.Add(new() { Value = classes.Keys.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false)) tenants.Add((r.GetString(0), r.GetString(1)));
        }
        await ExecuteAsync(c, StageSql, ct).ConfigureAwait(false);
        var fields = new Dictionary<string, int>(StringComparer.Ordinal);
        var totals = new KeywordTotalsChanges();
        var postings = new KeywordPostingBatch();
        var blob = new ArrayBufferWriter<byte>();
        foreach (var (cls, tenant) in tenants)
        {
            fields.Clear();
            var after = long.MinValue;
            while (true)
            {
                var page = new List<(Guid Id, long Seq, IReadOnlyList<KeywordField> Fields)>();
                await using (var cmd = new NpgsqlCommand(PageSql, c))
                {
                    cmd.Parameters.AddWithValue(cls);
                    cmd.Parameters.AddWithValue(tenant);
                    cmd.Parameters.AddWithValue(after);
                    cmd.Parameters.AddWithValue(Page);
                    await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
                    while (await r.ReadAsync(ct).ConfigureAwait(false))
                    {
                        var keywords = JsonNode.Parse(r.GetString(2)) is JsonObject stored ? KeywordFields.For(classes[cls], stored) : [];
                        page.Add((r.GetGuid(1), r.GetInt64(0), keywords));
                    }
                }
                if (page.Count == 0) break;
                after = page[^1].Seq;
                foreach (var (_, seq, keywords) in page)
                {
                    // The object count was taken in SQL above; only the properties are counted here.
                    totals.Count(cls, tenant, keywords, +1);
                    foreach (var field in keywords)
                        postings.Add(await FieldAsync(c, fields, cls, PgKeywordRows.KeyOf(field.Property, tenant), ct).ConfigureAwait(false), seq, field);
                }
                PgKeywordRows.Copy(c, postings, blob);
                postings.Clear();
                await StageAsync(c, page, ct).ConfigureAwait(false);
            }
        }
        await ExecuteAsync(c, ApplyStageSql, ct).ConfigureAwait(false);
        PgKeywordTotals.Append(c, totals.Changes().Where(t => t.Property.Length > 0).ToList());
    }

    private static async Task StageAsync(NpgsqlConnection c, List<(Guid Id, long Seq, IReadOnlyList<KeywordField> Fields)> page, CancellationToken ct)
    {
        await using var w = await c.BeginBinaryImportAsync(CopyStageSql, ct).ConfigureAwait(false);
        foreach (var (id, seq, keywords) in page)
        {
            if (keywords.Count == 0) continue;
            var (properties, lengths) = PgKeywordRows.Columns(keywords);
            await w.StartRowAsync(ct).ConfigureAwait(false);
            await w.WriteAsync(id, NpgsqlDbType.Uuid, ct).ConfigureAwait(false);
            await w.WriteAsync(seq, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            await w.WriteAsync(properties!, NpgsqlDbType.Array | NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await w.WriteAsync(lengths!, NpgsqlDbType.Array | NpgsqlDbType.Integer, ct).ConfigureAwait(false);
        }
        await w.CompleteAsync(ct).ConfigureAwait(false);
    }

    private static async Task<int> FieldAsync(NpgsqlConnection c, Dictionary<string, int> fields, string cls, string key, CancellationToken ct)
    {
        if (fields.TryGetValue(key, out var id)) return id;
        await using var cmd = new NpgsqlCommand(FieldSql, c);
        cmd.Parameters.AddWithValue(cls);
        cmd.Parameters.AddWithValue(key);
        return fields[key] = (int)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection c, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
