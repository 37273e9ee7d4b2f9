using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Barge.Bench;

/// <summary>
/// The mixed soak (bench/soak.sh, issue 22): one Release server, every kind of client at once for N minutes, the
/// server's memory sampled throughout; then every acknowledged object that was not removed must be there, every removed
/// one gone, and no answer may have been a 5xx. Prints a markdown report; exit code 1 if a promise broke or the memory
/// of the second half grew past the stated bound.
/// </summary>
public static class SoakBench
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(Options o)
    {
        var minutes = o.Double("minutes");
        var rate = o.Has("rate") ? o.Double("rate") : 300;
        var flatMiB = o.Has("flat-mib") ? o.Double("flat-mib") : 64;
        var sampleEvery = TimeSpan.FromSeconds(o.Has("sample-seconds") ? o.Double("sample-seconds") : 5);
        var work = o.Get("work");
        var store = o.Get("store", "sqlite");
        var maxKept = o.Int("max-kept", 50_000);
        Directory.CreateDirectory(work);

        await using var postgres = store == "postgres" ? await BenchPostgres.StartAsync(o.Get("repo"), work, "0-1") : null;
        var metricsPort = FreePort();
        string[] serveArgs = [.. postgres is null ? [] : await postgres.FreshSchemaArgsAsync(), "--metrics-listen", $"127.0.0.1:{metricsPort}"];
        // Neither process is pinned: the soak is about memory and correctness under a mixed load, not speed.
        await using var server = await ServerProcess.StartAsync(o.Get("barge"), Path.Combine(work, "data"), "0-1", serveArgs);
        await ImportBench.CreateClassAsync(server.Address, SchemaVariant.Defaults);

        var tally = new SoakTally();
        using var client = new SoakClient(server.Address, server.GrpcAddress ?? throw new InvalidOperationException("no gRPC address"), tally);
        var ledger = new SoakLedger();
        var sampler = new MemorySampler(server.Pid, new Uri($"http://127.0.0.1:{metricsPort}/metrics"), postgres is null ? Path.Combine(work, "data") : null);
        var clock = Stopwatch.StartNew();
        var idle = await sampler.SampleAsync(clock);
        var load0 = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        var cpu0 = server.CpuSeconds();

        var until = DateTime.UtcNow.AddMinutes(minutes);
        var workers = new SoakWorkers(client, ledger, until, rate, maxKept);
        using var stopSampling = new CancellationTokenSource();
        var sampling = sampler.RunAsync(clock, sampleEvery, stopSampling.Token);
        var loads = new List<double>();
        var loadWatch = Task.Run(async () =>
        {
            while (DateTime.UtcNow < until)
            {
                loads.Add(double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], Inv));
                await Task.Delay(TimeSpan.FromSeconds(30));
            }
        });
        var started = clock.Elapsed.TotalSeconds;
        await Task.WhenAll(workers.Start());
        var ended = clock.Elapsed.TotalSeconds;
        await stopSampling.CancelAsync();
        await sampling;
        await loadWatch;
        var cpu = server.CpuSeconds() - cpu0;

        var verification = await VerifyAsync(client, ledger, workers);
        var peak = server.PeakRssMiB();
        var exit = await server.StopAsync();

        var half = started + (ended - started) / 2;
        var rssSlope = sampler.SlopePerMinute(half, s => s.RssMiB);
        var heapSlope = sampler.SlopePerMinute(half, s => s.HeapMiB);
        var secondHalfMinutes = (ended - half) / 60;
        var rssGrowth = rssSlope * secondHalfMinutes;
        var flat = rssGrowth <= flatMiB;
        var serverFailures = tally.Counts.Where(c => SoakTally.IsServerFailure(c.Key.Outcome)).Sum(c => c.Value);

        Console.WriteLine($"## Soak, {store}, {minutes.ToString("0.#", Inv)} min");
        Console.WriteLine();
        Console.WriteLine("| operation | answered 2xx / OK | 4xx (429 retried) | 5xx, broken gRPC status or no answer |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var op in tally.Counts.Keys.Select(k => k.Op).Distinct().Order(StringComparer.Ordinal))
        {
            int Sum(Func<string, bool> which) => tally.Counts.Where(c => c.Key.Op == op && which(c.Key.Outcome)).Sum(c => c.Value);
            var ok = Sum(x => x is "2xx" or "gRPC OK");
            var bad = Sum(SoakTally.IsServerFailure);
            var other = Sum(x => x is not ("2xx" or "gRPC OK") && !SoakTally.IsServerFailure(x));
            Console.WriteLine(string.Create(Inv, $"| {op} | {ok:N0} | {other:N0} | {bad:N0} |"));
        }
        Console.WriteLine();
        var start = sampler.At(started + Math.Min(30, (ended - started) / 10));
        var mid = sampler.At(half);
        var end = sampler.At(ended);
        Console.WriteLine("| server memory | idle, before load | load start + 30 s | middle | end | peak RSS | slope, 2nd half | growth, 2nd half (fit) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(Inv, $"| RSS MiB | {idle.RssMiB:F0} | {start.RssMiB:F0} | {mid.RssMiB:F0} | {end.RssMiB:F0} | {peak:F0} | {rssSlope:+0.0;-0.0} MiB/min | {rssGrowth:+0;-0} MiB |"));
        var anonSlope = sampler.SlopePerMinute(half, s => s.AnonMiB);
        Console.WriteLine(string.Create(Inv, $"| of which anonymous MiB | {idle.AnonMiB:F0} | {start.AnonMiB:F0} | {mid.AnonMiB:F0} | {end.AnonMiB:F0} | | {anonSlope:+0.0;-0.0} MiB/min | {anonSlope * secondHalfMinutes:+0;-0} MiB |"));
        Console.WriteLine(string.Create(Inv, $"| managed heap MiB (after last GC) | {idle.HeapMiB:F0} | {start.HeapMiB:F0} | {mid.HeapMiB:F0} | {end.HeapMiB:F0} | | {heapSlope:+0.0;-0.0} MiB/min | {heapSlope * secondHalfMinutes:+0;-0} MiB |"));
        Console.WriteLine();
        var byMinute = Enumerable.Range(0, (int)Math.Floor((ended - started) / 60) + 1).Select(m => sampler.At(started + m * 60)).ToList();
        string Series(Func<MemorySample, double> value) => string.Join(", ", byMinute.Select(s => value(s).ToString("F0", Inv)));
        Console.WriteLine($"By minute of load (MiB): RSS {Series(s => s.RssMiB)}; managed heap {Series(s => s.HeapMiB)}" +
            (postgres is null ? $"; data folder {Series(s => s.DataMiB)}." : "."));
        Console.WriteLine(string.Create(Inv,
            $"Memory: {(flat ? "flat" : "NOT FLAT")} (bound: RSS growth over the second half, by a least-squares fit of the samples every {sampleEvery.TotalSeconds:F0} s, at most {flatMiB:F0} MiB)."));
        Console.WriteLine(verification.Summary);
        Console.WriteLine(string.Create(Inv,
            $"Server CPU {cpu:F0} s over {(ended - started) / 60:F1} min ({cpu / (ended - started) * 100:F0} % of one core); importers paced to {rate:F0} objects/s each (REST and gRPC), imported objects kept up to {maxKept:N0} (then marked for deletion); load average at start {load0}, during the run {(loads.Count == 0 ? "?" : $"{loads.Min():F1}–{loads.Max():F1}")} ({Environment.ProcessorCount} cores); server exit code {exit}; server stderr lines {server.StderrLineCount}."));
        Console.WriteLine(string.Create(Inv, $"Answers that were a 5xx, a broken gRPC status or none: {serverFailures}. Broken promises: {tally.ViolationCount}."));
        foreach (var v in tally.FirstViolations) Console.WriteLine($"- {v}");
        foreach (var line in server.StderrSample) Console.WriteLine($"  server stderr: {line}");
        return tally.ViolationCount == 0 && verification.Ok && flat && exit == 0 ? 0 : 1;
    }

    private sealed record Verification(bool Ok, string Summary);

    /// <summary>
    /// Lists every id in the store (the cursor API, pages of 10,000) and compares it with the ledger; then reads every
    /// mutated object and a sample of the kept ones to compare their properties.
    /// </summary>
    private static async Task<Verification> VerifyAsync(SoakClient client, SoakLedger ledger, SoakWorkers workers)
    {
        var stored = new HashSet<Guid>();
        string? after = null;
        while (true)
        {
            var path = $"/v1/objects?class={Articles.ClassName}&limit=10000" + (after is null ? "" : $"&after={after}");
            var answer = await client.SendAsync("verify: list", HttpMethod.Get, path);
            if (answer is not { Status: HttpStatusCode.OK } a) return new Verification(false, $"Verification: listing failed ({answer?.Status}).");
            using var doc = JsonDocument.Parse(a.Body);
            var page = doc.RootElement.GetProperty("objects");
            if (page.GetArrayLength() == 0) break;
            foreach (var obj in page.EnumerateArray()) stored.Add(obj.GetProperty("id").GetGuid());
            after = page[page.GetArrayLength() - 1].GetProperty("id").GetString();
        }
        int present = 0, gone = 0, unknown = 0, missing = 0, resurrected = 0;
        var problems = new List<string>();
        foreach (var (id, state) in ledger.Objects)
        {
            switch (state)
            {
                case Expected.Present:
                    present++;
                    if (!stored.Contains(id)) { missing++; if (problems.Count < 5) problems.Add($"acknowledged {id} missing"); }
                    break;
                case Expected.Gone:
                    gone++;
                    if (stored.Contains(id)) { resurrected++; if (problems.Count < 5) problems.Add($"removed {id} still there"); }
                    break;
                default:
                    unknown++;
                    break;
            }
        }
        var strangers = stored.Count(id => !ledger.Objects.ContainsKey(id));

        var wrong = 0;
        foreach (var (id, isPresent, title, wordCount) in workers.MutatorExpectations().Where(m => m.Present))
        {
            var answer = await client.SendAsync("verify: read", HttpMethod.Get, $"/v1/objects/{Articles.ClassName}/{SoakClient.Id(id)}");
            if (answer is not { Status: HttpStatusCode.OK } a) { wrong++; continue; }
            using var doc = JsonDocument.Parse(a.Body);
            var p = doc.RootElement.GetProperty("properties");
            if (p.GetProperty("title").GetString() != title || p.GetProperty("wordCount").GetInt64() != wordCount)
            {
                wrong++;
                if (problems.Count < 5) problems.Add($"mutated {id}: {p} expected title '{title}' wordCount {wordCount}");
            }
        }
        var rng = new Random(17);
        var kept = ledger.StableSnapshot();
        var sampled = Math.Min(1000, kept.Count);
        for (var i = 0; i < sampled; i++)
        {
            var n = kept[rng.Next(kept.Count)];
            var answer = await client.SendAsync("verify: read", HttpMethod.Get, $"/v1/objects/{Articles.ClassName}/{SoakClient.Id(Articles.ClientId(n))}");
            if (answer is not { Status: HttpStatusCode.OK } a || SoakWorkers.Title(a.Body) != Articles.Values(n).Title) wrong++;
        }
        var ok = missing == 0 && resurrected == 0 && strangers == 0 && wrong == 0 && unknown == 0;
        var summary = string.Create(Inv,
            $"Verification: {(ok ? "passed" : "FAILED")}. {stored.Count:N0} objects stored at the end; of {ledger.Objects.Count:N0} ids written, {present:N0} acknowledged and kept ({missing} missing), {gone:N0} removed by delete, delete-by-query or undo ({resurrected} still there), {unknown} left unknown by a failed request; {strangers} stored ids nobody wrote; {wrong} wrong of {workers.MutatorExpectations().Count(m => m.Present) + sampled:N0} read back (every mutated object, {sampled} sampled kept ones).");
        return new Verification(ok, summary + string.Concat(problems.Select(p => "\n- " + p)));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
