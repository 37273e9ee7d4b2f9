using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Barge.Bench;

/// <summary>How the load generator sends its batches.</summary>
public enum Transport { Rest, Grpc }

/// <summary>
/// Pre-serialized request bodies for one batch size, id mode and transport, built before any timed phase: REST
/// <c>POST /v1/batch/objects</c> JSON, or gRPC <c>BatchObjectsRequest</c> bytes of the same objects. Body
/// <c>b</c> holds objects <c>First + b × BatchSize</c> onwards.
/// </summary>
public sealed class BodyPool(int batchSize, IdMode ids, Transport transport, long first, byte[][] bodies)
{
    public int BatchSize { get; } = batchSize;
    public IdMode Ids { get; } = ids;
    public Transport Transport { get; } = transport;
    public long First { get; } = first;
    public byte[][] Bodies { get; } = bodies;
    public long Objects => (long)Bodies.Length * BatchSize;

    public static BodyPool Build(int batchSize, IdMode ids, long objects, long firstObject, Transport transport = Transport.Rest)
    {
        // gRPC carries no server-assigned ids back (its reply lists failures only), so acknowledged ids, and with
        // them the verification, need client ids.
        if (transport == Transport.Grpc && ids != IdMode.Client) throw new ArgumentException("gRPC bodies need client ids");
        var batches = (int)Math.Max(1, (objects + batchSize - 1) / batchSize);
        var bodies = new byte[batches][];
        Parallel.For(0, batches, b => bodies[b] = transport == Transport.Grpc
            ? Articles.GrpcBatchBody(firstObject + (long)b * batchSize, batchSize)
            : Articles.BatchBody(firstObject + (long)b * batchSize, batchSize, ids));
        return new BodyPool(batchSize, ids, transport, firstObject, bodies);
    }
}

public sealed record LoadResult(
    double ObjectsPerSecond, double MegabytesPerSecond, double P50Ms, double P99Ms, double MaxMs,
    long MeasuredObjects, long AcknowledgedTotal, long FailedItems, long FailedRequests, string? FirstError,
    double ServerCpuPercent, double GeneratorCpuPercent, bool PoolExhausted, IReadOnlyList<Guid> AckedIds,
    IReadOnlyList<double> PerSecond);

/// <summary>What one loop of the load generator records.</summary>
internal sealed class LoopState
{
    public readonly List<Guid> Acked = [];
    public readonly List<double> Latencies = [];
    public readonly List<(double Start, double End, int Objects, int Bytes)> Completions = [];
    public long FailedItems, FailedRequests;
    public string? FirstError;
}

/// <summary>
/// One loop's connection: sends body <c>n</c> of the pool and reads the answer minimally. Returns the number of
/// acknowledged objects (their ids added to <see cref="LoopState.Acked"/>, failed items counted), or null when the
/// request itself failed (counted and described in the state).
/// </summary>
internal abstract class Sender : IDisposable
{
    public abstract Task<int?> SendAsync(long n, byte[] body, LoopState s);
    public virtual void Dispose() { }
}

/// <summary>
/// N concurrent loops, each with one batch in flight, posting pre-built bodies. Batches that complete inside the
/// measurement window count; warm-up and the tail after the window only feed the verification.
/// </summary>
public static class LoadRunner
{
    /// <param name="latencyFile">Where to write each batch's send and answer time, if anywhere (CSV).</param>
    public static async Task<LoadResult> RunAsync(ServerProcess server, BodyPool pool, int connections, double warmup, double measure,
        string? latencyFile = null)
    {
        var next = -1L;
        var exhausted = false;
        var clock = Stopwatch.StartNew();
        var measureStart = warmup;
        var measureEnd = warmup + measure;
        double serverCpu0 = 0, serverCpu1 = 0;
        TimeSpan gen0 = default, gen1 = default;
        // REST: one HttpClient whose pool holds one kept-alive HTTP/1.1 connection per loop. gRPC: one channel (one
        // HTTP/2 connection) per loop, so both transports use N connections with one request in flight on each.
        using var rest = pool.Transport == Transport.Rest ? new RestSender(server.Address, connections) : null;
        var senders = Enumerable.Range(0, connections)
            .Select(_ => pool.Transport == Transport.Rest ? (Sender)rest! : new GrpcSender(server.GrpcAddress, pool)).ToArray();

        async Task Loop(LoopState s, Sender sender)
        {
            while (clock.Elapsed.TotalSeconds < measureEnd)
            {
                var n = Interlocked.Increment(ref next);
                if (n >= pool.Bodies.Length) exhausted = true;
                var body = pool.Bodies[n % pool.Bodies.Length];
                var start = clock.Elapsed.TotalSeconds;
                if (await sender.SendAsync(n % pool.Bodies.Length, body, s) is not { } ok) continue;
                var end = clock.Elapsed.TotalSeconds;
                s.Completions.Add((start, end, ok, body.Length));
                if (end >= measureStart && end < measureEnd) s.Latencies.Add((end - start) * 1000);
            }
        }

        var states = Enumerable.Range(0, connections).Select(_ => new LoopState()).ToArray();
        var loops = states.Select((s, k) => Task.Run(() => Loop(s, senders[k]))).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(warmup));
        serverCpu0 = server.CpuSeconds();
        gen0 = Process.GetCurrentProcess().TotalProcessorTime;
        await Task.Delay(TimeSpan.FromSeconds(measure));
        serverCpu1 = server.CpuSeconds();
        gen1 = Process.GetCurrentProcess().TotalProcessorTime;
        await Task.WhenAll(loops);
        if (pool.Transport == Transport.Grpc) foreach (var sender in senders) sender.Dispose();

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
}

/// <summary><c>POST /v1/batch/objects</c> over kept-alive HTTP/1.1 connections (one per loop).</summary>
internal sealed class RestSender : Sender
{
    private readonly SocketsHttpHandler _handler;
    private readonly HttpClient _http;
    private readonly MediaTypeHeaderValue _media = new("application/json");

    public RestSender(Uri address, int connections)
    {
        _handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None, UseProxy = false,
        };
        _http = new HttpClient(_handler) { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };
    }

    public override async Task<int?> SendAsync(long n, byte[] body, LoopState s)
    {
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = _media;
            using var response = await _http.PostAsync("/v1/batch/objects", content);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                s.FailedRequests++;
                s.FirstError ??= $"HTTP {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(bytes.AsSpan(0, Math.Min(200, bytes.Length)))}";
                return null;
            }
            var (ok, failed) = ReadAnswer(bytes, s);
            s.FailedItems += failed;
            return ok;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            s.FailedRequests++;
            s.FirstError ??= ex.GetType().Name + ": " + ex.Message;
            return null;
        }
    }

    public override void Dispose()
    {
        _http.Dispose();
        _handler.Dispose();
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
