using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Barge.Bench;

/// <summary>
/// <c>peers</c> (bench/peers.sh): issue 19's table in one run. Barge with Weaviate's default indexes and with none,
/// PouchDB 9 over HTTP, hand-written PostgreSQL COPY with the primary key only and with the same indexes, and the
/// engine baseline of the defaults rows; every store on the server's core, the load on this one, batches of B on C
/// connections, the list repeated <c>--rounds</c> times and the median reported.
/// </summary>
public static class Peers
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(Options o)
    {
        var repo = Path.GetFullPath(o.Get("repo"));
        var batch = o.Int("batch", 1000);
        var conns = o.Int("conns", 4);
        var warmup = o.Has("warmup") ? o.Double("warmup") : 5;
        var measure = o.Has("measure") ? o.Double("measure") : 10;
        var rounds = o.Int("rounds", 1);
        var withPostgres = o.Has("barge-postgres");
        // --barge-before DLL: another build of barge (e.g. the commit before a change) measured in the same rounds.
        var before = o.Has("barge-before") ? Path.GetFullPath(o.Get("barge-before")) : null;
        var bargeDll = Path.Combine(repo, "src/Barge.Cli/bin/Release/net10.0/barge.dll");
        var benchDll = typeof(Peers).Assembly.Location;
        var migrations = Path.Combine(repo, "src/Barge.Storage.Sqlite/Migrations");
        var work = Path.Combine(Path.GetTempPath(), "barge-peers", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", Inv));
        Directory.CreateDirectory(work);
        var results = new Dictionary<string, List<PeerResult>>();
        void Add(string name, PeerResult r)
        {
            if (!results.TryGetValue(name, out var list)) results[name] = list = [];
            list.Add(r);
            Log($"{name}: {r.ObjectsPerSecond:N0} obj/s, p99 {r.P99Ms:F0} ms, CPU {r.CpuPercent:F0} %{(r.FirstError is null ? "" : ", error: " + r.FirstError)}");
        }
        var total = Stopwatch.StartNew();
        try
        {
            await using var postgres = await BenchPostgres.StartAsync(repo, work, Orchestrator.ServerCore);
            var pool = BodyPool.Build(batch, IdMode.Server, 200L * batch, 0);
            for (var round = 1; round <= rounds; round++)
            {
                var baseline = await Orchestrator.RunBaselineAsync(benchDll, migrations, Path.Combine(work, $"baseline-{round}", "barge.db"),
                    SchemaVariant.Defaults, IdMode.Server, batch, warmup, measure, 0);
                Add("engine baseline, defaults rows (SQLite, one transaction per batch)",
                    new PeerResult(baseline.ObjectsPerSecond, baseline.P99Ms, double.NaN, baseline.Objects, 0, null));
                Add(BargeDefaults, await BargeAsync(bargeDll, Path.Combine(work, $"barge-defaults-{round}"), SchemaVariant.Defaults, pool, conns, warmup, measure));
                if (before is not null)
                    Add(BargeBefore, await BargeAsync(before, Path.Combine(work, $"barge-before-{round}"), SchemaVariant.Defaults, pool, conns, warmup, measure));
                Add(Pouch, await PouchPeer.RunAsync(repo, Path.Combine(work, $"pouch-{round}"), batch, conns, warmup, measure));
                Add(CopyIndexed, await CopyPeer.RunAsync(postgres, indexed: true, batch, conns, warmup, measure));
                Add("PostgreSQL COPY, primary key only", await CopyPeer.RunAsync(postgres, indexed: false, batch, conns, warmup, measure));
                Add("Barge, no property indexed", await BargeAsync(bargeDll, Path.Combine(work, $"barge-none-{round}"), SchemaVariant.NoneFilterable, pool, conns, warmup, measure));
                if (withPostgres)
                    Add("Barge on PostgreSQL, Weaviate's defaults", await BargeAsync(bargeDll, Path.Combine(work, $"barge-pg-{round}"), SchemaVariant.Defaults, pool, conns,
                        warmup, measure, await postgres.FreshSchemaArgsAsync()));
            }
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
        var report = Report(o, batch, conns, warmup, measure, rounds, results, total.Elapsed);
        Console.WriteLine(report);
        if (o.Has("out")) await File.AppendAllTextAsync(o.Get("out"), report + "\n");
        return results.Values.SelectMany(r => r).Any(r => r.Failures > 0 || r.FirstError is not null) ? 1 : 0;
    }

    private const string BargeDefaults = "**Barge, Weaviate's defaults**";
    private const string BargeBefore = "Barge, Weaviate's defaults, `--barge-before` build";
    private const string Pouch = "PouchDB 9 over HTTP (`_bulk_docs`, no secondary index)";
    private const string CopyIndexed = "PostgreSQL COPY with 5 expression b-trees and a GIN on tags";

    /// <summary>Barge on a fresh data folder (or schema), the class, the load; verified by the stored count.</summary>
    private static async Task<PeerResult> BargeAsync(string bargeDll, string folder, SchemaVariant schema, BodyPool pool, int conns,
        double warmup, double measure, IReadOnlyList<string>? storageArgs = null)
    {
        await using var server = await ServerProcess.StartAsync(bargeDll, folder, Orchestrator.ServerCore, storageArgs);
        await ImportBench.CreateClassAsync(server.Address, schema);
        var load = await LoadRunner.RunAsync(server, pool, conns, warmup, measure);
        var stored = await Orchestrator.CountAsync(server);
        await server.StopAsync();
        var error = load.FirstError ?? (stored < load.AcknowledgedTotal ? $"stored {stored} < acknowledged {load.AcknowledgedTotal}" : null);
        return new PeerResult(load.ObjectsPerSecond, load.P99Ms, load.ServerCpuPercent, load.AcknowledgedTotal, load.FailedItems + load.FailedRequests, error);
    }

    private static string Report(Options o, int batch, int conns, double warmup, double measure, int rounds,
        Dictionary<string, List<PeerResult>> results, TimeSpan elapsed)
    {
        double Median(string name) => results.TryGetValue(name, out var l) ? l.Select(r => r.ObjectsPerSecond).Order().ElementAt(l.Count / 2) : double.NaN;
        var sb = new StringBuilder();
        void L(string s) => sb.AppendLine(s);
        L($"### Peers: batches of {batch:N0} × {conns} connections, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        L("");
        L($"- Command: `{o.Get("command", "bench/peers.sh")}`; commit {Git(o.Get("repo"))}; {warmup:0.#} s warm-up + {measure:0.#} s measured per store, "
          + $"{rounds} round(s), median shown; run took {elapsed.TotalMinutes:F1} min");
        L($"- Every store on CPU {Orchestrator.ServerCore} (`taskset`), the load on CPU 0; load average at the end {File.ReadAllText("/proc/loadavg").Split(' ')[0]} "
          + $"(2 cores shared with other work: compare ratios within this table, not absolute rates across runs)");
        L("- CPU: % of one core over the window, of the server process (PostgreSQL: the COPY backends only)");
        L("");
        if (o.Has("barge-before")) L($"- `--barge-before`: {o.Get("barge-before")}");
        L("- CPU ms / 1,000: the store's CPU time per 1,000 objects, steadier than the rate when the core is shared");
        L("");
        L("| store | objects/s (median) | rounds | p99 ms | CPU % | CPU ms / 1,000 | × PouchDB | × COPY with indexes |");
        L("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |");
        var pouch = Median(Pouch);
        var copy = Median(CopyIndexed);
        foreach (var (name, list) in results)
        {
            var m = Median(name);
            var rates = string.Join(", ", list.Select(r => r.ObjectsPerSecond.ToString("N0", Inv)));
            var p99 = list.Select(r => r.P99Ms).Order().ElementAt(list.Count / 2);
            var cpu = list.Select(r => r.CpuPercent).Order().ElementAt(list.Count / 2);
            var perThousand = list.Select(r => r.CpuPercent / 100 / r.ObjectsPerSecond * 1e6).Order().ElementAt(list.Count / 2);
            L(string.Create(Inv, $"| {name} | {m:N0} | {rates} | {Cell(p99)} | {Cell(cpu)} | {Cell(perThousand)} | {m / pouch:F2} | {m / copy:F2} |"));
        }
        foreach (var (name, list) in results)
            foreach (var r in list.Where(r => r.FirstError is not null || r.Failures > 0))
                L($"- **{name}**: {r.Failures} failed batches/items; {r.FirstError}");
        return sb.ToString();
    }

    private static string Cell(double v) => double.IsNaN(v) ? "" : v.ToString("F0", Inv);

    private static string Git(string repo)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("git", ["-C", repo, "rev-parse", "--short", "HEAD"]) { RedirectStandardOutput = true })!;
            var head = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return head;
        }
        catch (System.ComponentModel.Win32Exception) { return "?"; }
    }

    private static void Log(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}
