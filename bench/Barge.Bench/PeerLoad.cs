using System.Diagnostics;
using System.Globalization;

namespace Barge.Bench;

/// <summary>
/// The load loop of a peer store (PouchDB, PostgreSQL COPY): <c>connections</c> loops, each with one batch in flight,
/// warm-up then measured window, objects attributed to the window as <see cref="LoadRunner"/> does, so the peers'
/// rates read the same way as Barge's.
/// </summary>
public static class PeerLoad
{
    /// <param name="send">Sends batch <c>n</c> on loop <c>k</c>; returns the objects the store acknowledged.</param>
    /// <param name="cpuSeconds">The store's CPU seconds so far (its processes on the server's core), or null.</param>
    public static async Task<PeerResult> RunAsync(int connections, double warmup, double measure, Func<int, long, Task<int>> send,
        Func<double>? cpuSeconds = null)
    {
        var next = -1L;
        var clock = Stopwatch.StartNew();
        var measureEnd = warmup + measure;
        var completions = Enumerable.Range(0, connections).Select(_ => new List<(double Start, double End, int Objects)>()).ToArray();
        var failures = 0L;
        string? firstError = null;

        async Task Loop(int k)
        {
            while (clock.Elapsed.TotalSeconds < measureEnd)
            {
                var n = Interlocked.Increment(ref next);
                var start = clock.Elapsed.TotalSeconds;
                try
                {
                    var ok = await send(k, n);
                    completions[k].Add((start, clock.Elapsed.TotalSeconds, ok));
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    Interlocked.Increment(ref failures);
                    Interlocked.CompareExchange(ref firstError, ex.GetType().Name + ": " + ex.Message, null);
                    await Task.Delay(100);
                }
            }
        }

        var loops = Enumerable.Range(0, connections).Select(k => Task.Run(() => Loop(k))).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(warmup));
        var cpu0 = cpuSeconds?.Invoke() ?? 0;
        await Task.Delay(TimeSpan.FromSeconds(measure));
        var cpu1 = cpuSeconds?.Invoke() ?? 0;
        await Task.WhenAll(loops);

        double measured = 0;
        var latencies = new List<double>();
        foreach (var (start, end, objects) in completions.SelectMany(c => c))
        {
            var overlap = Math.Max(0, Math.Min(end, measureEnd) - Math.Max(start, warmup));
            measured += end > start ? objects * overlap / (end - start) : 0;
            if (end >= warmup && end < measureEnd) latencies.Add((end - start) * 1000);
        }
        latencies.Sort();
        return new PeerResult(measured / measure, Stats.Percentile(latencies, 0.99),
            cpuSeconds is null ? double.NaN : (cpu1 - cpu0) / measure * 100,
            completions.Sum(c => c.Sum(x => (long)x.Objects)), failures, firstError);
    }

    /// <summary>utime + stime of a process and its reaped children, in seconds (/proc/pid/stat fields 14–17).</summary>
    public static double ProcessCpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = Enumerable.Range(11, 2).Sum(i => long.Parse(f[i], CultureInfo.InvariantCulture));
        return ticks / 100.0;
    }
}

/// <summary>A peer's rate in the window, p99 batch latency, its CPU (% of one core, NaN if not measured), totals.</summary>
public sealed record PeerResult(double ObjectsPerSecond, double P99Ms, double CpuPercent, long Acknowledged, long Failures, string? FirstError);
