using System.Diagnostics;
using Npgsql;

namespace Barge.Bench;

/// <summary>
/// A throwaway PostgreSQL for <c>--storage postgres</c>, started with <c>tools/postgres-throwaway</c> under
/// <c>taskset</c> on the server's core (its processes inherit the pinning), so that Barge and its database share the
/// one core the SQLite runs get.
/// </summary>
public sealed class BenchPostgres : IAsyncDisposable
{
    private readonly string _script;
    private readonly string _folder;
    private readonly string _connectionString;

    // A kept cluster (a benchmark's --data reused across runs) is halted on dispose, not removed.
    private readonly bool _keep;

    private BenchPostgres(string script, string folder, string connectionString, bool keep = false)
    {
        _script = script;
        _folder = folder;
        _connectionString = connectionString;
        _keep = keep;
    }

    /// <summary>
    /// The cluster in <c>work/postgres</c> kept across runs: resumed when an earlier run left one there, created
    /// otherwise; halted (data kept) on dispose. Same pinning as <see cref="StartAsync"/>.
    /// </summary>
    public static async Task<BenchPostgres> StartOrResumeAsync(string repo, string work, string core)
    {
        var script = Path.Combine(repo, "tools/postgres-throwaway");
        var folder = Path.Combine(work, "postgres");
        var portFile = Path.Combine(folder, "port");
        if (Directory.Exists(Path.Combine(folder, "data")) && File.Exists(portFile))
        {
            await RunAsync("taskset", ["-c", core, script, "resume", folder]);
            var port = (await File.ReadAllTextAsync(portFile)).Trim();
            return new BenchPostgres(script, folder, $"Host=127.0.0.1;Port={port};Username=barge;Database=postgres", keep: true);
        }
        var output = await RunAsync("taskset", ["-c", core, script, "start", folder]);
        return new BenchPostgres(script, folder, output.Trim().Split('\n')[^1], keep: true);
    }

    /// <summary>The named schema (created when missing) and the <c>serve</c> flags that put Barge in it: a store kept across runs.</summary>
    public async Task<string[]> KeptSchemaArgsAsync(string schema)
    {
        await using (var c = new NpgsqlConnection(_connectionString))
        {
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS {schema}", c);
            await cmd.ExecuteNonQueryAsync();
        }
        return ["--storage", "postgres", "--postgres", $"{_connectionString};Search Path={schema}"];
    }

    public static async Task<BenchPostgres> StartAsync(string repo, string work, string core)
    {
        var script = Path.Combine(repo, "tools/postgres-throwaway");
        var folder = Path.Combine(work, "postgres");
        var output = await RunAsync("taskset", ["-c", core, script, "start", folder]);
        return new BenchPostgres(script, folder, output.Trim().Split('\n')[^1]);
    }

    public string ConnectionString => _connectionString;

    public string Describe()
    {
        var b = new NpgsqlConnectionStringBuilder(_connectionString);
        return $"{b.Host}:{b.Port}";
    }

    /// <summary>A new empty schema and the <c>serve</c> flags that put Barge in it.</summary>
    public async Task<string[]> FreshSchemaArgsAsync()
    {
        var schema = "bench_" + Guid.NewGuid().ToString("N")[..12];
        await using (var c = new NpgsqlConnection(_connectionString))
        {
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE SCHEMA {schema}", c);
            await cmd.ExecuteNonQueryAsync();
        }
        return ["--storage", "postgres", "--postgres", $"{_connectionString};Search Path={schema}"];
    }

    public async ValueTask DisposeAsync() => await RunAsync(_script, [_keep ? "halt" : "stop", _folder]);

    private static async Task<string> RunAsync(string file, string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var stdout = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed with exit code {p.ExitCode}");
        return stdout;
    }
}
