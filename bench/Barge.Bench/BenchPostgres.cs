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

    private BenchPostgres(string script, string folder, string connectionString)
    {
        _script = script;
        _folder = folder;
        _connectionString = connectionString;
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

    public async ValueTask DisposeAsync() => await RunAsync(_script, ["stop", _folder]);

    private static async Task<string> RunAsync(string file, string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var stdout = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed with exit code {p.ExitCode}");
        return stdout;
    }
}
