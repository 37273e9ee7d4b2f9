using System.Diagnostics;

namespace Barge.EndToEnd.Tests.Cli;

/// <summary>
/// One run of the built <c>barge</c> as a child process, as a shell would run it: arguments, optional stdin, and an
/// environment without the caller's <c>BARGE_URL</c> / <c>BARGE_API_KEY</c> unless the test sets them.
/// Its stdout and stderr are pipes, so the command sees no terminal (plain progress lines, no colours).
/// </summary>
public static class BargeCli
{
    public sealed record Run(int Exit, string Out, string Error)
    {
        public override string ToString() => $"exit {Exit}\nstdout: {Out}\nstderr: {Error}";
    }

    public static async Task<Run> RunAsync(IEnumerable<string> args, string? stdin = null, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet", ["exec", BargeProcess.BargeDll, .. args])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment.Remove("BARGE_URL");
        info.Environment.Remove("BARGE_API_KEY");
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) info.Environment[k] = v;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"barge {string.Join(' ', args)} did not finish within 120 s");
        }
        return new Run(process.ExitCode, await output, await error);
    }
}
