using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Barge.Bench;

/// <summary>
/// <c>run</c>: the whole benchmark. Runs (under <c>taskset -c 0</c>, from run.sh) the load generator; starts every
/// server and every baseline under <c>taskset -c 1</c>; writes the Markdown report to stdout and RESULTS.md.
/// </summary>
public static class Orchestrator
{
    internal const string ServerCore = "1";

    public sealed record Config(SchemaVariant Schema, IdMode Ids, int Batch, int Connections, Transport Transport = Transport.Rest, int Round = 1)
    {
        public (SchemaVariant, IdMode, int) BaselineKey => (Schema, Ids, Batch);
    }

    private sealed record Run(Config Config, LoadResult Load, double PeakRssMiB, long Stored, int SampledFound, int Sampled,
        string SchemaHow, string ServerCpus, int StderrLines, string? StderrFirst, int ExitCode);

    private sealed record GrowthRun(long SizeBefore, double PrefillSeconds, double DatabaseGiB, BaselineResult Baseline, Run Run);

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static string? LatencyFolder;

    public static async Task<int> RunAsync(Options o)
    {
        var repo = Path.GetFullPath(o.Get("repo"));
        var quick = o.Has("quick");
        // 10 s: .NET's tiered JIT keeps recompiling hot code for several seconds after start (dotnet-counters on a pinned
        // barge under this load: 0.7 s of JIT per second at 5 s, under 0.03 s/s after 10 s), which a shorter warm-up
        // counts as part of the server's steady state.
        var warmup = o.Has("warmup") ? o.Double("warmup") : quick ? 2 : 10;
        var measure = o.Has("measure") ? o.Double("measure") : quick ? 6 : 15;
        var bargeDll = Path.Combine(repo, "src/Barge.Cli/bin/Release/net10.0/barge.dll");
        var migrations = Path.Combine(repo, "src/Barge.Storage.Sqlite/Migrations");
        var benchDll = typeof(Orchestrator).Assembly.Location;
        var work = Path.Combine(Path.GetTempPath(), "barge-bench", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", Inv));
        Directory.CreateDirectory(work);
        if (!File.Exists(bargeDll)) throw new FileNotFoundException("build first (bench/run.sh does): dotnet build -c Release", bargeDll);
        var total = Stopwatch.StartNew();
        Log($"work folder {work}; generator on cpus {AllowedCpus("self")}; warm-up {warmup} s, measure {measure} s");

        var configs = new List<Config>();
        foreach (var schema in new[] { SchemaVariant.Defaults, SchemaVariant.NoneFilterable })
        {
            foreach (var batch in new[] { 100, 1000 })
                foreach (var conns in new[] { 1, 4, 16 })
                    configs.Add(new Config(schema, IdMode.Server, batch, conns));
            foreach (var batch in new[] { 100, 1000 })
                configs.Add(new Config(schema, IdMode.Client, batch, 4));
        }
        // --growth-only: just the growth configuration (and its baseline), for a shorter run of the growth phase.
        if (o.Has("growth-only")) configs.RemoveAll(c => c != new Config(SchemaVariant.Defaults, IdMode.Server, 1000, 4));
        // --transport rest|grpc|both (default rest). gRPC's reply names no ids, so gRPC runs need client ids: with
        // grpc or both only the client-id configurations are kept.
        var transport = o.Get("transport", "rest");
        Transport[] transports = transport switch
        {
            "rest" => [Transport.Rest],
            "grpc" => [Transport.Grpc],
            "both" => [Transport.Rest, Transport.Grpc],
            _ => throw new ArgumentException("--transport must be rest, grpc or both"),
        };
        if (transport != "rest") configs.RemoveAll(c => c.Ids != IdMode.Client);
        // --only BxC: the configurations with batches of B at C connections (e.g. 1000x4), both schemas; server ids,
        // or client ids with --transport grpc|both.
        if (o.Has("only"))
        {
            var parts = o.Get("only").Split('x');
            var ids = transport == "rest" ? IdMode.Server : IdMode.Client;
            configs.RemoveAll(c => c.Batch != int.Parse(parts[0], Inv) || c.Connections != int.Parse(parts[1], Inv) || c.Ids != ids);
        }
        // --schema defaults|none: the configurations of one schema variant.
        if (o.Has("schema"))
        {
            var schema = Articles.ParseSchema(o.Get("schema"));
            configs.RemoveAll(c => c.Schema != schema);
        }
        // --rounds N: the whole list N times; with both transports each configuration runs over REST and gRPC back to
        // back, the order swapped every round (REST first in odd rounds), so each round is a pair on the same machine state.
        var rounds = o.Int("rounds", 1);
        ShowTransport = transport != "rest" || rounds > 1;
        var selected = configs.ToList();
        configs.Clear();
        for (var r = 1; r <= rounds; r++)
            foreach (var c in selected)
                foreach (var t in r % 2 == 1 ? transports : transports.Reverse())
                    configs.Add(c with { Transport = t, Round = r });
        // --latencies DIR: every batch's send and answer time (s since the load started), one CSV per configuration.
        LatencyFolder = o.Has("latencies") ? Directory.CreateDirectory(o.Get("latencies")).FullName : null;
        // --storage postgres: Barge runs on a throwaway PostgreSQL started on the server's core; the baseline stays SQLite's.
        await using var postgres = o.Get("storage", "sqlite") == "postgres" ? await BenchPostgres.StartAsync(repo, work, ServerCore) : null;
        if (postgres is not null) Log($"PostgreSQL {postgres.Describe()} on cpu {ServerCore}");

        // 1. Engine baselines, one per (schema, ids, batch), each in its own process on the server's core.
        var baselines = new Dictionary<(SchemaVariant, IdMode, int), BaselineResult>();
        foreach (var key in configs.Select(c => c.BaselineKey).Distinct())
        {
            var folder = Path.Combine(work, $"baseline-{Articles.Name(key.Item1)}-{Articles.Name(key.Item2)}-{key.Item3}");
            baselines[key] = await RunBaselineAsync(benchDll, migrations, Path.Combine(folder, "barge.db"), key.Item1, key.Item2, key.Item3, warmup, measure, 0);
            Directory.Delete(folder, recursive: true);
            Log($"baseline {Articles.Name(key.Item1)}/{Articles.Name(key.Item2)}/batch {key.Item3}: {baselines[key].ObjectsPerSecond:N0} obj/s");
        }

        // 2. Request bodies, built before any timed phase, every id and title unique. Enough for 2.5 × the baseline
        //    rate: group commit lets Barge beat a one-transaction-per-batch baseline (client ids and indexed schemas,
        //    up to ~2.3× measured), and a run that exhausted its bodies would upsert repeated ids.
        //    gRPC bodies hold exactly the same objects (same ids) as the REST ones.
        var pools = new Dictionary<(IdMode, int, Transport), BodyPool>();
        foreach (var group in configs.GroupBy(c => (c.Ids, c.Batch, c.Transport)))
        {
            var rate = configs.Where(c => c.Ids == group.Key.Ids && c.Batch == group.Key.Batch).Max(c => baselines[c.BaselineKey].ObjectsPerSecond);
            var objects = PoolObjects(rate, warmup + measure, group.Key.Batch);
            pools[group.Key] = BodyPool.Build(group.Key.Batch, group.Key.Ids, objects, 0, group.Key.Transport);
            Log($"bodies {Name(group.Key.Transport)} ids={Articles.Name(group.Key.Ids)} batch={group.Key.Batch}: {pools[group.Key].Objects:N0} objects, "
                + $"{pools[group.Key].Bodies.Sum(b => (long)b.Length) / 1e6:F0} MB ({pools[group.Key].Bodies.Sum(b => (long)b.Length) / (double)pools[group.Key].Objects:F0} B/object)");
        }

        // 3. Barge, one fresh data folder per configuration.
        var runs = new List<Run>();
        foreach (var c in configs)
        {
            var folder = Path.Combine(work, "barge-data");
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            var storageArgs = postgres is null ? null : await postgres.FreshSchemaArgsAsync();
            var run = await RunBargeAsync(bargeDll, migrations, folder, c, pools[(c.Ids, c.Batch, c.Transport)], warmup, measure, expectedBefore: 0, storageArgs);
            runs.Add(run);
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); // no folder on PostgreSQL
            var b = baselines[c.BaselineKey];
            Log($"barge {Describe(c)}: {run.Load.ObjectsPerSecond:N0} obj/s ({run.Load.ObjectsPerSecond / b.ObjectsPerSecond:P0} of baseline), "
                + $"p99 {run.Load.P99Ms:F0} ms, server CPU {run.Load.ServerCpuPercent:F0} %, generator CPU {run.Load.GeneratorCpuPercent:F0} %, "
                + $"stored {run.Stored:N0} / acked {run.Load.AcknowledgedTotal:N0}");
        }

        // 4. Growth: pre-fill with the engine inserter, then the batch-1000 × 4 load into the grown store.
        var growth = new List<GrowthRun>();
        if (o.Has("growth") && postgres is not null) Log("growth: not run on PostgreSQL (the pre-fill writes SQLite files)");
        else if (o.Has("growth"))
        {
            var sizes = o.Get("growth-sizes", "1000000,5000000,10000000").Split(',').Select(s => long.Parse(s, Inv)).ToArray();
            var folder = Path.Combine(work, "growth-data");
            var c = new Config(SchemaVariant.Defaults, IdMode.Server, 1000, 4);
            var step = 0;
            foreach (var size in sizes)
            {
                var db = Path.Combine(folder, "barge.db");
                var sw = Stopwatch.StartNew();
                await RunChildAsync(null, benchDll, ["prefill", "--db", db, "--migrations", migrations, "--count", size.ToString(Inv)]);
                var prefill = sw.Elapsed.TotalSeconds;
                Log($"growth: pre-filled to {size:N0} in {prefill:F0} s");
                var baseline = await RunBaselineAsync(benchDll, migrations, db, c.Schema, c.Ids, c.Batch, warmup, measure, 2_000_000_000L + step * 100_000_000L);
                var before = await CountStoredAsync(bargeDll, folder);
                var pool = BodyPool.Build(c.Batch, c.Ids, PoolObjects(baseline.ObjectsPerSecond, warmup + measure, c.Batch), 500_000_000L + step * 100_000_000L);
                var run = await RunBargeAsync(bargeDll, migrations, folder, c, pool, warmup, measure, before);
                var gib = Directory.GetFiles(folder).Sum(f => new FileInfo(f).Length) / (double)(1L << 30);
                growth.Add(new GrowthRun(before, prefill, gib, baseline, run));
                Log($"growth {before:N0}: {run.Load.ObjectsPerSecond:N0} obj/s (baseline {baseline.ObjectsPerSecond:N0}), peak RSS {run.PeakRssMiB:F0} MiB, db {gib:F1} GiB");
                step++;
            }
            Directory.Delete(folder, recursive: true);
        }

        var report = await ReportAsync(o, repo, quick, warmup, measure, configs, runs, baselines, growth, total.Elapsed, postgres?.Describe());
        Console.WriteLine(report);
        var outPath = o.Get("out", Path.Combine(repo, "bench/RESULTS.md"));
        await File.WriteAllTextAsync(outPath, report);
        Log($"written {outPath}; total {total.Elapsed.TotalMinutes:F1} min");
        Directory.Delete(work, recursive: true);
        var failed = runs.Concat(growth.Select(g => g.Run)).Any(r => r.Stored < r.Load.AcknowledgedTotal || r.SampledFound < r.Sampled);
        return failed ? 1 : 0;
    }

    private static async Task<Run> RunBargeAsync(string bargeDll, string migrations, string folder, Config c, BodyPool pool,
        double warmup, double measure, long expectedBefore, IReadOnlyList<string>? storageArgs = null)
    {
        var server = await ServerProcess.StartAsync(bargeDll, folder, ServerCore, storageArgs);
        string schemaHow;
        try
        {
            schemaHow = await EnsureClassAsync(server, c.Schema);
            if (schemaHow != "POST /v1/schema" && schemaHow != "existing")
            {
                // No schema endpoint on this commit: write the class into the classes table, as Barge itself persists it.
                await server.StopAsync();
                await server.DisposeAsync();
                using (EngineInserter.Open(Path.Combine(folder, "barge.db"), migrations, Articles.Class(c.Schema))) { }
                server = await ServerProcess.StartAsync(bargeDll, folder, ServerCore);
            }
            var cpus = server.AllowedCpus();
            var latencies = LatencyFolder is null ? null
                : Path.Combine(LatencyFolder, $"{Articles.Name(c.Schema)}-{Articles.Name(c.Ids)}-{c.Batch}x{c.Connections}-{expectedBefore}.csv");
            var load = await LoadRunner.RunAsync(server, pool, c.Connections, warmup, measure, latencies);
            var peak = server.PeakRssMiB();
            var stored = await CountAsync(server) - expectedBefore;
            var (found, sampled) = await SampleAsync(server, load.AckedIds);
            var exit = await server.StopAsync();
            return new Run(c, load, peak, stored, found, sampled, schemaHow, cpus, server.StderrLineCount, server.StderrSample.FirstOrDefault(), exit);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>Creates the class through the schema endpoint; answers how, or "seed" when the endpoint is missing.</summary>
    private static async Task<string> EnsureClassAsync(ServerProcess server, SchemaVariant schema)
    {
        using var http = new HttpClient { BaseAddress = server.Address };
        var existing = await http.GetAsync("/v1/schema/Article");
        if (existing.StatusCode == HttpStatusCode.OK) return "existing";
        var body = new StringContent(Articles.SchemaRequest(schema).ToJsonString(), Encoding.UTF8, "application/json");
        var response = await http.PostAsync("/v1/schema", body);
        if (response.IsSuccessStatusCode) return "POST /v1/schema";
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed) return "seed";
        throw new InvalidOperationException($"POST /v1/schema: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    internal static async Task<long> CountAsync(ServerProcess server)
    {
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(10) };
        var json = JsonNode.Parse(await http.GetStringAsync("/v1/objects?class=Article&limit=1"))!.AsObject();
        return json["totalResults"] is { } t ? (long)t : 0;
    }

    /// <summary>How many objects a data folder holds, asked of a briefly started server.</summary>
    private static async Task<long> CountStoredAsync(string bargeDll, string folder)
    {
        await using var server = await ServerProcess.StartAsync(bargeDll, folder, ServerCore);
        var n = await CountAsync(server);
        await server.StopAsync();
        return n;
    }

    /// <summary>Reads back up to 200 acknowledged ids, spread over the run.</summary>
    private static async Task<(int Found, int Sampled)> SampleAsync(ServerProcess server, IReadOnlyList<Guid> acked)
    {
        using var http = new HttpClient { BaseAddress = server.Address };
        var sample = Math.Min(200, acked.Count);
        var found = 0;
        for (var k = 0; k < sample; k++)
        {
            var id = acked[(int)((long)k * acked.Count / sample)];
            using var r = await http.GetAsync($"/v1/objects/Article/{id:D}");
            if (r.StatusCode == HttpStatusCode.OK) found++;
        }
        return (found, sample);
    }

    internal static async Task<BaselineResult> RunBaselineAsync(string benchDll, string migrations, string db, SchemaVariant schema, IdMode ids,
        int batch, double warmup, double measure, long first)
    {
        var output = await RunChildAsync(ServerCore, benchDll,
        [
            "baseline", "--db", db, "--migrations", migrations, "--schema", Articles.Name(schema), "--ids", Articles.Name(ids),
            "--batch", batch.ToString(Inv), "--warmup", warmup.ToString(Inv), "--measure", measure.ToString(Inv), "--first", first.ToString(Inv),
            "--vector-dims", Articles.VectorDimensions.ToString(Inv),
        ]);
        return Baseline.FromJson(output.Trim().Split('\n')[^1]);
    }

    /// <summary>Runs this binary again (under taskset when <paramref name="core"/> is set) and returns its stdout.</summary>
    private static async Task<string> RunChildAsync(string? core, string benchDll, string[] args)
    {
        var info = core is null
            ? new ProcessStartInfo("dotnet", ["exec", benchDll, .. args])
            : new ProcessStartInfo("taskset", ["-c", core, "dotnet", "exec", benchDll, .. args]);
        info.RedirectStandardOutput = true;
        info.UseShellExecute = false;
        using var p = Process.Start(info)!;
        var stdout = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{string.Join(' ', args.Take(1))} failed with exit code {p.ExitCode}");
        return stdout;
    }

    /// <summary>Objects to serialize for a run: 2.5 × the baseline rate over the whole run, at most 4 M (~2 GB).</summary>
    private static long PoolObjects(double baselineRate, double seconds, int batch) =>
        (long)Math.Min(4_000_000, baselineRate * 2.5 * seconds + 16L * batch);

    private static string Describe(Config c) =>
        $"{Articles.Name(c.Schema)}/{Articles.Name(c.Ids)} ids/batch {c.Batch}/{c.Connections} conn"
        + (ShowTransport ? $"/{Name(c.Transport)}/round {c.Round}" : "");

    /// <summary>Whether runs are told apart by transport and round (<c>--transport grpc|both</c> or <c>--rounds</c> &gt; 1).</summary>
    private static bool ShowTransport;

    private static string Name(Transport t) => t == Transport.Rest ? "REST" : "gRPC";

    /// <summary>Server CPU per 1,000 acknowledged objects, ms.</summary>
    private static double CpuMsPer1000(LoadResult l) => l.ServerCpuPercent / 100 / l.ObjectsPerSecond * 1e6;

    private static string AllowedCpus(string pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal)) return line[18..].Trim();
        return "?";
    }

    private static void Log(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

    private static async Task<string> ReportAsync(Options o, string repo, bool quick, double warmup, double measure, List<Config> configs,
        List<Run> runs, Dictionary<(SchemaVariant, IdMode, int), BaselineResult> baselines, List<GrowthRun> growth, TimeSpan elapsed, string? postgres)
    {
        var sb = new StringBuilder();
        void L(FormattableString s) => sb.Append(s.ToString(Inv)).Append('\n');
        var commit = (await Shell(repo, "git", "rev-parse", "HEAD")).Trim();
        var dirty = (await Shell(repo, "git", "status", "--porcelain", "--untracked-files=no")).Trim().Length > 0 ? " (with uncommitted changes)" : "";
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        var mem = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal)).Split(':', 2)[1].Trim();

        L($"# Barge ingest benchmark: results");
        L($"");
        if (quick) L($"**Quick run** (`--quick`: {warmup} s warm-up, {measure} s measured per configuration): indicative figures, noisy; run without `--quick` for the real ones.");
        else L($"Full run: {warmup} s warm-up, {measure} s measured per configuration.");
        L($"");
        L($"- Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC (the whole run took {elapsed.TotalMinutes:F1} min)");
        L($"- Machine: `{(await Shell(repo, "uname", "-a")).Trim()}`; CPU: {cpu}, {Environment.ProcessorCount} core(s) visible to the generator, CPUs online: {File.ReadAllText("/sys/devices/system/cpu/online").Trim()}; memory {mem}; shared and noisy");
        L($"- Commit: `{commit}`{dirty}");
        L($"- Command: `{o.Get("command", "bench/run.sh")}`");
        L($"- Storage: {(postgres is null ? "SQLite (embedded, a fresh data folder per configuration)" : $"PostgreSQL 15 ({postgres}), a throwaway cluster started by the bench on the server's core, a fresh schema per configuration; the baseline is still SQLite's engine baseline, so the ratio compares Barge on PostgreSQL with the embedded engine")}");
        L($"- Pinning: server and baseline on CPU {runs.FirstOrDefault()?.ServerCpus ?? ServerCore} (`taskset -c 1`), load generator on CPU {AllowedCpus("self")} (`taskset -c 0`)");
        L($"- Class creation: {string.Join(", ", runs.Select(r => r.SchemaHow == "seed" ? "seeded into the `classes` table before start (this commit has no `POST /v1/schema`)" : r.SchemaHow).Distinct())}");
        L($"- Workload: class `Article` (title, body, wordCount, published, rating, publishedAt, tags[3]{(Articles.VectorDimensions > 0 ? $"; a vector of {Articles.VectorDimensions} float32 values" : "")}), {string.Join(", ", runs.Where(r => r.Load.MeasuredObjects > 0).GroupBy(r => r.Config.Transport).Select(g => FormattableString.Invariant($"{g.Average(r => r.Load.MegabytesPerSecond * 1e6 / r.Load.ObjectsPerSecond):F0} bytes of {(g.Key == Transport.Rest ? "request JSON" : "BatchObjectsRequest protobuf")}")))} per object");
        L($"");
        L($"## Barge vs. the engine baseline");
        L($"");
        L($"`none` = every property `indexFilterable:false, indexSearchable:false`. Ratio = Barge objects/s ÷ baseline objects/s (same rows, same index entries, same core).");
        L($"");
        L($"| schema | ids | batch | conns | transport | round | Barge obj/s | MB/s | p50 ms | p99 ms | max ms | server CPU | peak RSS MiB | generator CPU | baseline obj/s | **ratio** | verified |");
        L($"|---|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in runs)
        {
            var c = r.Config;
            var b = baselines[c.BaselineKey];
            L($"| {Articles.Name(c.Schema)} | {Articles.Name(c.Ids)} | {c.Batch} | {c.Connections} | {Name(c.Transport)} | {c.Round} | {r.Load.ObjectsPerSecond:N0} | {r.Load.MegabytesPerSecond:F1} | {r.Load.P50Ms:F0} | {r.Load.P99Ms:F0} | {r.Load.MaxMs:F0} | {r.Load.ServerCpuPercent:F0} % | {r.PeakRssMiB:F0} | {r.Load.GeneratorCpuPercent:F0} % | {b.ObjectsPerSecond:N0} | **{r.Load.ObjectsPerSecond / b.ObjectsPerSecond:F2}** | {Verified(r)} |");
        }
        if (runs.Any(r => r.Config.Transport == Transport.Grpc) && runs.Any(r => r.Config.Transport == Transport.Rest))
        {
            L($"");
            L($"## gRPC vs. REST (same run, each pair back to back)");
            L($"");
            L($"Ratio = gRPC obj/s ÷ REST obj/s of the same configuration and round. CPU ms = server CPU per 1,000 objects.");
            L($"");
            L($"| schema | ids | batch | conns | round | REST obj/s | gRPC obj/s | **gRPC/REST** | REST p50/p99 ms | gRPC p50/p99 ms | REST CPU ms | gRPC CPU ms |");
            L($"|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            var ratios = new List<double>();
            foreach (var pair in runs.GroupBy(r => r.Config with { Transport = Transport.Rest }))
            {
                var rest = pair.FirstOrDefault(r => r.Config.Transport == Transport.Rest);
                var grpc = pair.FirstOrDefault(r => r.Config.Transport == Transport.Grpc);
                if (rest is null || grpc is null) continue;
                var c = pair.Key;
                var ratio = grpc.Load.ObjectsPerSecond / rest.Load.ObjectsPerSecond;
                ratios.Add(ratio);
                L($"| {Articles.Name(c.Schema)} | {Articles.Name(c.Ids)} | {c.Batch} | {c.Connections} | {c.Round} | {rest.Load.ObjectsPerSecond:N0} | {grpc.Load.ObjectsPerSecond:N0} | **{ratio:F2}** | {rest.Load.P50Ms:F0} / {rest.Load.P99Ms:F0} | {grpc.Load.P50Ms:F0} / {grpc.Load.P99Ms:F0} | {CpuMsPer1000(rest.Load):F1} | {CpuMsPer1000(grpc.Load):F1} |");
            }
            if (ratios.Count > 0)
            {
                L($"");
                L($"Geometric mean of the {ratios.Count} gRPC/REST ratios: **{Math.Exp(ratios.Average(Math.Log)):F2}** (min {ratios.Min():F2}, max {ratios.Max():F2}).");
            }
        }
        L($"");
        L($"## Engine baseline (SQLite only, prepared statements, one transaction per batch, one thread)");
        L($"");
        L($"| schema | ids | batch | obj/s | index rows/object | p50 txn ms | p99 txn ms |");
        L($"|---|---|---:|---:|---:|---:|---:|");
        foreach (var ((s, i, batch), b) in baselines)
            L($"| {Articles.Name(s)} | {Articles.Name(i)} | {batch} | {b.ObjectsPerSecond:N0} | {b.IndexRowsPerObject:F1} | {b.P50Ms:F1} | {b.P99Ms:F1} |");
        L($"");
        L($"## Growth (defaults schema, server ids, batch 1000 × 4 connections, into a pre-filled store)");
        L($"");
        if (growth.Count == 0) L($"Not run (`--growth`).");
        else
        {
            L($"| objects before | pre-fill time s | database GiB | Barge obj/s | p50 ms | p99 ms | peak RSS MiB | server CPU | baseline obj/s at this size | **ratio** | verified |");
            L($"|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
            foreach (var g in growth)
                L($"| {g.SizeBefore:N0} | {g.PrefillSeconds:F0} | {g.DatabaseGiB:F1} | {g.Run.Load.ObjectsPerSecond:N0} | {g.Run.Load.P50Ms:F0} | {g.Run.Load.P99Ms:F0} | {g.Run.PeakRssMiB:F0} | {g.Run.Load.ServerCpuPercent:F0} % | {g.Baseline.ObjectsPerSecond:N0} | **{g.Run.Load.ObjectsPerSecond / g.Baseline.ObjectsPerSecond:F2}** | {Verified(g.Run)} |");
            L($"");
            L($"Pre-fill time is cumulative per step (each step grows the same folder); the baseline row at each size inserts into the grown file.");
        }
        L($"");
        L($"## Server behaviour");
        L($"");
        foreach (var r in runs.Concat(growth.Select(g => g.Run)))
        {
            var perSecond = r.Load.PerSecond.Where((_, k) => k < r.Load.PerSecond.Count).ToList();
            var notes = new List<string>();
            if (r.Load.FailedRequests > 0 || r.Load.FailedItems > 0) notes.Add($"{r.Load.FailedRequests} failed requests, {r.Load.FailedItems} failed items; first: {r.Load.FirstError}");
            if (r.StderrLines > 0) notes.Add($"{r.StderrLines} stderr lines, first: `{r.StderrFirst}`");
            if (r.ExitCode != 0) notes.Add($"exit code {r.ExitCode} on SIGTERM");
            if (r.Load.PoolExhausted) notes.Add("request bodies ran out and were reused (titles/ids repeat)");
            if (r.Load.GeneratorCpuPercent > 70) notes.Add($"generator CPU {r.Load.GeneratorCpuPercent:F0} %: it may be limiting");
            if (perSecond.Count > 0)
                notes.Add($"objects acknowledged per second during the measurement: min {perSecond.Min():N0}, max {perSecond.Max():N0}");
            L($"- {Describe(r.Config)}{(growth.Any(g => g.Run == r) ? $" (growth, {growth.First(g => g.Run == r).SizeBefore:N0} before)" : "")}: {string.Join("; ", notes)}");
        }
        return sb.ToString();
    }

    private static string Verified(Run r) =>
        r.Stored == r.Load.AcknowledgedTotal && r.SampledFound == r.Sampled
            ? FormattableString.Invariant($"yes ({r.Stored:N0} stored = acked, {r.Sampled} sampled)")
            : r.Stored >= r.Load.AcknowledgedTotal && r.SampledFound == r.Sampled
                ? FormattableString.Invariant($"yes ({r.Stored:N0} stored ≥ {r.Load.AcknowledgedTotal:N0} acked)")
                : FormattableString.Invariant($"**NO**: {r.Stored:N0} stored, {r.Load.AcknowledgedTotal:N0} acked, {r.SampledFound}/{r.Sampled} sampled found");

    private static async Task<string> Shell(string dir, string file, params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, WorkingDirectory = dir })!;
        var s = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        return s;
    }
}
