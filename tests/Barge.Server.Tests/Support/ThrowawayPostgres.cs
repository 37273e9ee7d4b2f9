using System.Diagnostics;
using Barge.Testing;

namespace Barge.Server.Tests.Support;

/// <summary>
/// A PostgreSQL server of one test's own (<c>tools/postgres-throwaway</c>), for tests that stop it and start it again:
/// the shared <c>BARGE_TEST_POSTGRES</c> server cannot be stopped under the tests running beside them. Without
/// PostgreSQL's binaries the test skips, saying so, except under <c>CI=true</c>, where it fails. Call
/// <see cref="StartAsync"/> in the test body (<see cref="Skip"/> works only there); disposing stops the server and
/// deletes its folder.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string _tool;
    private readonly string _parent;
    private readonly string _folder;

    private ThrowawayPostgres(string tool, string parent, string connectionString)
    {
        _tool = tool;
        _parent = parent;
        _folder = Path.Combine(parent, "pg");
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<ThrowawayPostgres> StartAsync()
    {
        var tool = FindTool();
        var parent = Path.Combine(Path.GetTempPath(), "barge-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(parent);
        // The server runs as an unprivileged user when the tests run as root, and must reach its folder inside.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(parent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                                         | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        var (code, output) = await RunAsync(tool, "start", Path.Combine(parent, "pg"));
        if (code != 0)
        {
            Directory.Delete(parent, recursive: true);
            var message = $"tools/postgres-throwaway start failed ({code}): {output}";
            // Exit code 2: no PostgreSQL binaries on this machine (the tool says where it looked).
            if (code != 2 || Environment.GetEnvironmentVariable("CI") == "true") throw new InvalidOperationException(message);
            Assert.SkipWhen(true, $"this test starts a PostgreSQL server of its own: {message}; {TestStorage.HowToStartPostgres}");
        }
        var connectionString = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        return new ThrowawayPostgres(tool, parent, connectionString);
    }

    /// <summary>Stops the server (fast shutdown: sessions are ended); its data and port are kept.</summary>
    public Task HaltAsync() => CheckedAsync("halt");

    /// <summary>Starts the halted server again on the same port and data.</summary>
    public Task ResumeAsync() => CheckedAsync("resume");

    private async Task CheckedAsync(string command)
    {
        var (code, output) = await RunAsync(_tool, command, _folder);
        if (code != 0) throw new InvalidOperationException($"tools/postgres-throwaway {command} failed ({code}): {output}");
    }

    public async ValueTask DisposeAsync()
    {
        await RunAsync(_tool, "stop", _folder);
        try { Directory.Delete(_parent, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static async Task<(int Code, string Output)> RunAsync(string tool, string command, string folder)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { tool, command, folder }) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await stdout + await stderr).Trim());
    }

    /// <summary>The tool of the checkout the tests were built from.</summary>
    private static string FindTool()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var tool = Path.Combine(dir.FullName, "tools", "postgres-throwaway");
            if (File.Exists(tool)) return tool;
        }
        throw new InvalidOperationException($"tools/postgres-throwaway not found above {AppContext.BaseDirectory}");
    }
}
