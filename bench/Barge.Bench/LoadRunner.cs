using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Barge.Bench;

/// <summary>Pre-serialized request bodies for one batch size and id mode, built before any timed phase.</summary>
public sealed class BodyPool(int batchSize, IdMode ids, byte[][] bodies)
{
    public int BatchSize { get; } = batchSize;
    public IdMode Ids { get; } = ids;
    public byte[][] Bodies { get; } = bodies;
    public long Objects => (long)Bodies.Length * BatchSize;

    public static BodyPool Build(int batchSize, IdMode ids, long objects, long firstObject)
    {
        var batches = (int)Math.Max(1, (objects + batchSize - 1) / batchSize);
        var bodies = new byte[batches][];
        Parallel.For(0, batches, b => bodies[b] = Articles.BatchBody(firstObject + (long)b * batchSize, batchSize, ids));
        return new BodyPool(batchSize, ids, bodies);
    }
}

public sealed record LoadResult(
    double ObjectsPerSecond, double MegabytesPerSecond, double P50Ms, double P99Ms, double MaxMs,
    long MeasuredObjects, long AcknowledgedTotal, long FailedItems, long FailedRequests, string? FirstError,
    double ServerCpuPercent, double GeneratorCpuPercent, bool PoolExhausted, IReadOnlyList<Guid> AckedIds,
    IReadOnlyList<double> PerSecond);

/// <summary>
/// N concurrent loops, each with one batch in flight, posting pre-built bodies. Batches that complete inside the
/// measurement window count; warm-up and the tail after the window only feed the verification.
/// </summary>
public static class LoadRunner
{
    private sealed class LoopState
    {
        public readonly List<Guid> Acked = [];
        public readonly List<double> Latencies = [];
        public readonly List<(double Start, double End, int Objects, int Bytes)> Completions = [];
        public long FailedItems, FailedRequests;
        public string? FirstError;
    }

    /// <param name="latencyFile">Where to write each batch's send and answer time, if anywhere (CSV).</param>
    public static async Task<LoadResult> RunAsync(ServerProcess server, BodyPool pool, int connections, double warmup, double measure,
        string? latencyFile = null)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None, UseProxy = false,
        };
        using var http = new HttpClient(handler) { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(5) };
        var next = -1L;
        var exhausted = false;
        var clock = Stopwatch.StartNew();
        var measureStart = warmup;
        var measureEnd = warmup + measure;
        double serverCpu0 = 0, serverCpu1 = 0;
        TimeSpan gen0 = default, gen1 = default;
        var media = new MediaTypeHeaderValue("application/json");

        async Task Loop(LoopState s)
        {
            while (clock.Elapsed.TotalSeconds < measureEnd)
            {
                var n = Interlocked.Increment(ref next);
                if (n >= pool.Bodies.Length) exhausted = true;
                var body = pool.Bodies[n % pool.Bodies.Length];
                var start = clock.Elapsed.TotalSeconds;
                int ok = 0, failed = 0;
                try
                {
                    using var content = new ByteArrayContent(body);
                    content.Headers.ContentType = media;
                    using var response = await http.PostAsync("/v1/batch/objects", content);
                    var bytes = await response.Content.ReadAsByteArrayAsync();
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        s.FailedRequests++;
                        s.FirstError ??= $"HTTP {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(bytes.AsSpan(0, Math.Min(200, bytes.Length)))}";
                        continue;
                    }
                    (ok, failed) = ReadAnswer(bytes, s);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                {
                    s.FailedRequests++;
                    s.FirstError ??= ex.GetType().Name + ": " + ex.Message;
                    continue;
                }
                var end = clock.Elapsed.TotalSeconds;
                s.FailedItems += failed;
                s.Completions.Add((start, end, ok, body.Length));
                if (end >= measureStart && end < measureEnd) s.Latencies.Add((end - start) * 1000);
            }
        }

        var states = Enumerable.Range(0, connections).Select(_ => new LoopState()).ToArray();
        var loops = states.Select(s => Task.Run(() => Loop(s))).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(warmup));
        serverCpu0 = server.CpuSeconds();
        gen0 = Process.GetCurrentProcess().TotalProcessorTime;
        await Task.Delay(TimeSpan.FromSeconds(measure));
        serverCpu1 = server.CpuSeconds();
        gen1 = Process.GetCurrentProcess().TotalProcessorTime;
        await Task.WhenAll(loops);

        if (latencyFile is not null)
        {
            var lines = states.SelectMany((s, loop) => s.Completions.Select(c => (loop, c.Start, c.End))).OrderBy(c => c.Start)
                .Select(c => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{c.loop},{c.Start:F4},{c.End:F4},{(c.End - c.Start) * 1000:F1}"));
            await File.WriteAllLinesAsync(latencyFile, ["loop,start_s,end_s,ms", .. lines]);
        }
        var latencies = states.SelectMany(s => s.Latencies).Order().ToList();
        // A batch's objects count for the part of its time in flight that falls inside the window (Little's law):
        // exact in steady state, and a long batch straddling the window edge is neither lost nor counted twice.
        double measured = 0, measuredBytes = 0;
        var perSecond = new double[(int)Math.Ceiling(measureEnd)];
        foreach (var (start, end, objects, bytes) in states.SelectMany(s => s.Completions))
        {
            var overlap = Math.Max(0, Math.Min(end, measureEnd) - Math.Max(start, measureStart));
            var fraction = end > start ? overlap / (end - start) : 0;
            measured += objects * fraction;
            measuredBytes += bytes * fraction;
            if (end < measureEnd) perSecond[(int)end] += objects;
        }
        return new LoadResult(
            measured / measure,
            measuredBytes / measure / 1e6,
            Stats.Percentile(latencies, 0.50), Stats.Percentile(latencies, 0.99), latencies.Count == 0 ? double.NaN : latencies[^1],
            (long)measured, states.Sum(s => (long)s.Acked.Count), states.Sum(s => s.FailedItems), states.Sum(s => s.FailedRequests),
            states.Select(s => s.FirstError).FirstOrDefault(e => e is not null),
            (serverCpu1 - serverCpu0) / measure * 100, (gen1 - gen0).TotalSeconds / measure * 100, exhausted,
            states.SelectMany(s => s.Acked).ToList(), perSecond.Skip((int)warmup).ToList());
    }

    /// <summary>
    /// Minimal read of the per-item answers: each top-level element's <c>id</c> and <c>result.status</c>.
    /// Acknowledged ids (status SUCCESS) are kept for verification.
    /// </summary>
    private static (int Ok, int Failed) ReadAnswer(byte[] json, LoopState s)
    {
        var reader = new Utf8JsonReader(json);
        int ok = 0, failed = 0;
        Guid id = default;
        bool inResult = false, success = false;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject when reader.CurrentDepth == 1:
                    id = default;
                    success = false;
                    break;
                case JsonTokenType.EndObject when reader.CurrentDepth == 1:
                    if (success) { ok++; s.Acked.Add(id); }
                    else
                    {
                        failed++;
                        s.FirstError ??= "item failed: " + System.Text.Encoding.UTF8.GetString(json.AsSpan(0, Math.Min(300, json.Length)));
                    }
                    break;
                case JsonTokenType.EndObject when reader.CurrentDepth == 2:
                    inResult = false;
                    break;
                case JsonTokenType.PropertyName when reader.CurrentDepth == 2:
                    if (reader.ValueTextEquals("id"u8))
                    {
                        reader.Read();
                        Utf8Parser.TryParse(reader.ValueSpan, out id, out _, 'D');
                    }
                    else if (reader.ValueTextEquals("result"u8)) inResult = true;
                    else reader.Skip();
                    break;
                case JsonTokenType.PropertyName when reader.CurrentDepth == 3 && inResult:
                    if (reader.ValueTextEquals("status"u8))
                    {
                        reader.Read();
                        success = reader.ValueTextEquals("SUCCESS"u8);
                    }
                    else reader.Skip();
                    break;
            }
        }
        return (ok, failed);
    }
}
