using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Barge.Bench;

/// <summary>
/// A hand-written PostgreSQL load of the same articles: one binary <c>COPY articles (id, doc) FROM STDIN</c> per
/// batch, one connection per loop, into <c>(id uuid primary key, doc jsonb)</c>. With <c>indexed</c> the table also
/// carries what a filterable-by-default store needs, as the issue states it: expression b-trees on the five scalar
/// properties and a GIN on the tags. PostgreSQL runs on the server's core (<see cref="BenchPostgres"/>).
/// </summary>
public static class CopyPeer
{
    private static readonly string[] Indexes =
    [
        "CREATE INDEX ON articles ((doc->>'title'))",
        "CREATE INDEX ON articles (((doc->>'wordCount')::int))",
        "CREATE INDEX ON articles (((doc->>'published')::boolean))",
        "CREATE INDEX ON articles (((doc->>'rating')::float8))",
        // The RFC 3339 text in UTC orders as the instant does; a cast to timestamptz is not immutable, so not indexable.
        "CREATE INDEX ON articles ((doc->>'publishedAt'))",
        "CREATE INDEX ON articles USING gin ((doc->'tags'))",
    ];

    /// <summary>The docs reused by every run: enough distinct values that the b-trees see a realistic spread.</summary>
    private static readonly Lazy<string[]> Docs = new(() => Enumerable.Range(0, 100_000).AsParallel().AsOrdered().Select(i =>
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(520);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            Articles.WriteProperties(w, Articles.Values(i));
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }).ToArray());

    private static int _runs;

    public static async Task<PeerResult> RunAsync(BenchPostgres postgres, bool indexed, int batch, int connections, double warmup, double measure)
    {
        var docs = Docs.Value;
        var schema = "copy_" + Interlocked.Increment(ref _runs) + "_" + Guid.NewGuid().ToString("N")[..8];
        var cs = $"{postgres.ConnectionString};Search Path={schema}";
        await using (var setup = new NpgsqlConnection(postgres.ConnectionString))
        {
            await setup.OpenAsync();
            string[] ddl = [$"CREATE SCHEMA {schema}", $"CREATE TABLE {schema}.articles (id uuid PRIMARY KEY, doc jsonb NOT NULL)",
                .. indexed ? Indexes.Select(i => i.Replace("ON articles", $"ON {schema}.articles", StringComparison.Ordinal)) : []];
            foreach (var sql in ddl)
            {
                await using var cmd = new NpgsqlCommand(sql, setup);
                await cmd.ExecuteNonQueryAsync();
            }
        }
        var conns = new NpgsqlConnection[connections];
        var backends = new int[connections];
        for (var k = 0; k < connections; k++)
        {
            conns[k] = new NpgsqlConnection(cs);
            await conns[k].OpenAsync();
            backends[k] = conns[k].ProcessID;
        }
        try
        {
            // Ids as a client would make them, distinct for every row of every run in this cluster.
            var idBase = (long)_runs << 40;
            return await PeerLoad.RunAsync(connections, warmup, measure, async (k, n) =>
            {
                await using var w = await conns[k].BeginBinaryImportAsync("COPY articles (id, doc) FROM STDIN (FORMAT BINARY)");
                for (var j = 0; j < batch; j++)
                {
                    var i = n * batch + j;
                    await w.StartRowAsync();
                    await w.WriteAsync(Articles.ClientId(idBase + i), NpgsqlDbType.Uuid);
                    await w.WriteAsync(docs[i % docs.Length], NpgsqlDbType.Jsonb);
                }
                return (int)await w.CompleteAsync();
            }, () => backends.Sum(PeerLoad.ProcessCpuSeconds));
        }
        finally
        {
            foreach (var c in conns) await c.DisposeAsync();
        }
    }
}
