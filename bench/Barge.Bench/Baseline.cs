using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Barge.Bench;

/// <summary>Result of one baseline run (printed as one JSON line by the <c>baseline</c> sub-command).</summary>
public sealed record BaselineResult(double ObjectsPerSecond, long Objects, double Seconds, double IndexRowsPerObject, double P50Ms, double P99Ms);

public static class Baseline
{
    /// <summary>
    /// <c>baseline</c>: inserts batches into a fresh database for <paramref name="warmup"/> then <paramref name="measure"/>
    /// seconds of insert time. Preparing rows (JSON parse, normalization, index entries: Barge's CPU work, not the
    /// engine's) happens between timed transactions, so the figure is the engine's ceiling for these rows.
    /// </summary>
    public static BaselineResult Run(string databasePath, string migrations, SchemaVariant schema, IdMode ids, int batch, double warmup, double measure, long first)
    {
        var cls = Articles.Class(schema);
        using var inserter = EngineInserter.Open(databasePath, migrations, cls);
        var rows = new List<EngineRow>(batch);
        var latencies = new List<double>();
        long next = first, measuredObjects = 0, indexRows = 0, rowCount = 0;
        double insertSeconds = 0, measuredSeconds = 0;
        while (insertSeconds < warmup + measure)
        {
            rows.Clear();
            for (var k = 0; k < batch; k++) rows.Add(EngineInserter.Prepare(cls, next++, ids));
            var start = Stopwatch.GetTimestamp();
            inserter.InsertBatch(rows);
            var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var measuring = insertSeconds >= warmup;
            insertSeconds += elapsed;
            if (!measuring) continue;
            measuredSeconds += elapsed;
            measuredObjects += batch;
            latencies.Add(elapsed * 1000);
            foreach (var r in rows) indexRows += r.Index.Count;
            rowCount += rows.Count;
        }
        latencies.Sort();
        return new BaselineResult(measuredObjects / measuredSeconds, measuredObjects, measuredSeconds,
            rowCount == 0 ? 0 : (double)indexRows / rowCount, Stats.Percentile(latencies, 0.50), Stats.Percentile(latencies, 0.99));
    }

    public static string ToJson(BaselineResult r) => JsonSerializer.Serialize(new JsonObject
    {
        ["objectsPerSecond"] = r.ObjectsPerSecond, ["objects"] = r.Objects, ["seconds"] = r.Seconds,
        ["indexRowsPerObject"] = r.IndexRowsPerObject, ["p50"] = r.P50Ms, ["p99"] = r.P99Ms,
    });

    public static BaselineResult FromJson(string line)
    {
        var o = JsonNode.Parse(line)!.AsObject();
        return new BaselineResult((double)o["objectsPerSecond"]!, (long)o["objects"]!, (double)o["seconds"]!,
            (double)o["indexRowsPerObject"]!, (double)o["p50"]!, (double)o["p99"]!);
    }

    /// <summary>
    /// <c>prefill</c>: grows a data folder to <paramref name="target"/> objects of the defaults class with server-style
    /// (UUIDv7) ids, in large transactions. Rows are prepared on a second thread while the first inserts.
    /// </summary>
    public static async Task PrefillAsync(string databasePath, string migrations, SchemaVariant schema, long target, int transactionRows)
    {
        var cls = Articles.Class(schema);
        using var inserter = EngineInserter.Open(databasePath, migrations, cls, cacheKiB: 1024 * 1024);
        var have = inserter.Count();
        if (have >= target)
        {
            MarkAsUpgraded(databasePath);
            return;
        }
        var channel = Channel.CreateBounded<List<EngineRow>>(4);
        // Object numbers far from the load generator's (which start at 0), so titles stay unique.
        var first = 1_000_000_000L + have;
        var producer = Task.Run(async () =>
        {
            for (var i = first; i < first + (target - have);)
            {
                var n = (int)Math.Min(transactionRows, first + (target - have) - i);
                var rows = new List<EngineRow>(n);
                for (var k = 0; k < n; k++) rows.Add(EngineInserter.Prepare(cls, i++, IdMode.Server));
                await channel.Writer.WriteAsync(rows);
            }
            channel.Writer.Complete();
        });
        var sw = Stopwatch.StartNew();
        long done = have;
        await foreach (var rows in channel.Reader.ReadAllAsync())
        {
            inserter.InsertBulk(rows);
            done += rows.Count;
            if (done / 500_000 != (done - rows.Count) / 500_000)
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"prefill: {done:N0} objects, {sw.Elapsed.TotalSeconds:F0} s"));
        }
        await producer;
        inserter.Checkpoint();
        MarkAsUpgraded(databasePath);
    }

    /// <summary>
    /// The engine inserter writes objects and filter postings but no keyword rows and no flushed mark: marked as
    /// flushed up to its last object and without a keyword index, the store looks like one written before the keyword
    /// index, with every filter posting on disk. barge serve then builds the keyword index once when it opens, and its
    /// segment starts after the pre-filled objects instead of writing their posting rows a second time.
    /// </summary>
    private static void MarkAsUpgraded(string db)
    {
        using var c = new SqliteConnection($"Data Source={db}");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "UPDATE index_state SET flushed = (SELECT coalesce(max(seq), 0) FROM objects), keyword_built = 0 WHERE keyword_built = 0 OR flushed < (SELECT coalesce(max(seq), 0) FROM objects)";
        cmd.ExecuteNonQuery();
    }
}

public static class Stats
{
    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1 < 0 ? 0 : (int)Math.Ceiling(p * sorted.Count) - 1)];
}
