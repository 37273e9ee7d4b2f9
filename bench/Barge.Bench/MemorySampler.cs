using System.Diagnostics;
using System.Globalization;

namespace Barge.Bench;

/// <summary>One reading of the server's memory: resident set (VmRSS) and the managed heap as its /metrics reports it.</summary>
/// <param name="AnonMiB">The anonymous part of the RSS (heaps, SQLite's page cache); the rest is file-backed (mapped code, mapped files).</param>
/// <param name="DataMiB">The size of the data folder's files (SQLite), NaN when the store is elsewhere.</param>
public sealed record MemorySample(double Seconds, double RssMiB, double AnonMiB, double HeapMiB, double DataMiB);

/// <summary>
/// Reads the server's resident set from /proc and its managed heap from its Prometheus /metrics (the runtime
/// instrumentation's heap size after the last collection) every few seconds while the soak runs.
/// </summary>
public sealed class MemorySampler(int pid, Uri? metrics, string? dataFolder)
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly List<MemorySample> _samples = [];

    public IReadOnlyList<MemorySample> Samples => _samples;

    public async Task<MemorySample> SampleAsync(Stopwatch clock)
    {
        var sample = new MemorySample(clock.Elapsed.TotalSeconds, StatusMiB(pid, "VmRSS:"), StatusMiB(pid, "RssAnon:"), await HeapMiBAsync(), DataMiB());
        _samples.Add(sample);
        return sample;
    }

    public async Task RunAsync(Stopwatch clock, TimeSpan every, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await SampleAsync(clock);
            try { await Task.Delay(every, stop); }
            catch (OperationCanceledException) { }
        }
    }

    /// <summary>A kB line of /proc/pid/status (<c>VmRSS:</c>, <c>RssAnon:</c>), in MiB.</summary>
    public static double StatusMiB(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
        return double.NaN;
    }

    private double DataMiB()
    {
        if (dataFolder is null || !Directory.Exists(dataFolder)) return double.NaN;
        long bytes = 0;
        foreach (var f in Directory.EnumerateFiles(dataFolder, "*", SearchOption.AllDirectories))
        {
            try { bytes += new FileInfo(f).Length; }
            catch (IOException) { }
        }
        return bytes / (1024.0 * 1024);
    }

    /// <summary>
    /// The sum over generations of the heap size after the last collection (<c>dotnet_gc_last_collection_heap_size_bytes</c>
    /// or the older <c>process_runtime_dotnet_gc_heap_size_bytes</c>): what survived, which is what a leak grows.
    /// </summary>
    private async Task<double> HeapMiBAsync()
    {
        if (metrics is null) return double.NaN;
        string text;
        try { text = await _http.GetStringAsync(metrics); }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException) { return double.NaN; }
        double sum = 0;
        var found = false;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith('#')) continue;
            if (!line.StartsWith("dotnet_gc_last_collection_heap_size_bytes", StringComparison.Ordinal) &&
                !line.StartsWith("process_runtime_dotnet_gc_heap_size_bytes", StringComparison.Ordinal)) continue;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                sum += v;
                found = true;
            }
        }
        return found ? sum / (1024 * 1024) : double.NaN;
    }

    /// <summary>Least-squares slope of <paramref name="value"/> over the samples taken at or after <paramref name="from"/>, per minute.</summary>
    public double SlopePerMinute(double from, Func<MemorySample, double> value)
    {
        var points = _samples.Where(s => s.Seconds >= from && !double.IsNaN(value(s))).ToList();
        if (points.Count < 2) return double.NaN;
        var mx = points.Average(p => p.Seconds);
        var my = points.Average(value);
        var sxy = points.Sum(p => (p.Seconds - mx) * (value(p) - my));
        var sxx = points.Sum(p => (p.Seconds - mx) * (p.Seconds - mx));
        return sxx == 0 ? double.NaN : sxy / sxx * 60;
    }

    /// <summary>The sample closest to <paramref name="seconds"/>.</summary>
    public MemorySample At(double seconds) => _samples.MinBy(s => Math.Abs(s.Seconds - seconds))!;
}
