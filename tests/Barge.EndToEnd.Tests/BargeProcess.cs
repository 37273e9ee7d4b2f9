using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Barge.EndToEnd.Tests;

/// <summary>
/// <c>barge serve</c> as a real child process on a free loopback port: started, waited for until ready,
/// and stopped either gracefully (SIGTERM) or by SIGKILL to simulate a crash.
/// </summary>
public sealed partial class BargeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output;

    private BargeProcess(Process process, List<string> output, Uri address, IPEndPoint grpcAddress)
    {
        _process = process;
        _output = output;
        Address = address;
        GrpcAddress = grpcAddress;
    }

    /// <summary>The lines the process wrote so far, stdout and stderr interleaved as they arrived.</summary>
    public IReadOnlyList<string> Output { get { lock (_output) return _output.ToList(); } }

    public Uri Address { get; }

    /// <summary>The gRPC listener (asked for on a free port, read back from the start line).</summary>
    public IPEndPoint GrpcAddress { get; }
    public int ExitCode => _process.ExitCode;
    public bool HasExited => _process.HasExited;
    /// <summary>The process's id, to read its memory from <c>/proc</c>.</summary>
    public int ProcessId => _process.Id;

    /// <summary>The path of the built <c>barge</c> executable (run as <c>dotnet exec</c>).</summary>
    public static string BargeDll => Path.Combine(AppContext.BaseDirectory, "barge.dll");

    /// <summary>Starts <c>barge serve</c> on <paramref name="data"/> (a SQLite folder or a PostgreSQL schema) and waits until it is ready.</summary>
    public static Task<BargeProcess> StartAsync(BargeData data, IDictionary<string, string>? environment = null) =>
        StartAsync(data.ServeArguments, environment);

    /// <summary>
    /// Starts <c>barge serve</c> with <paramref name="serveArguments"/> (its storage flags; <c>--listen</c> is added)
    /// and waits until it is ready. The process is started before this returns its task.
    /// </summary>
    public static async Task<BargeProcess> StartAsync(IReadOnlyList<string> serveArguments, IDictionary<string, string>? environment = null)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet", ["exec", BargeDll, "serve", .. serveArguments, "--listen", $"127.0.0.1:{port}", "--grpc-listen", "127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) info.Environment[k] = v;
        var process = Process.Start(info)!;
        var errors = new System.Text.StringBuilder();
        var output = new List<string>();
        // The start line, "Barge … serving http://… and gRPC host:port (…)", names the gRPC port the system chose.
        var grpc = new TaskCompletionSource<IPEndPoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { } line) return;
            lock (output) output.Add(line);
            if (StartLine().Match(line) is { Success: true } m && IPEndPoint.TryParse(m.Groups[1].Value, out var endpoint))
                grpc.TrySetResult(endpoint);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (errors) errors.AppendLine(e.Data);
            lock (output) output.Add(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var address = new Uri($"http://127.0.0.1:{port}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                process.WaitForExit(); // drains the output readers
                string stderr;
                lock (errors) stderr = errors.ToString();
                throw new InvalidOperationException($"barge exited early with code {process.ExitCode}; its stderr:\n{stderr}");
            }
            try
            {
                if ((await http.GetAsync(new Uri(address, "/v1/.well-known/ready"))).StatusCode == HttpStatusCode.OK && grpc.Task.IsCompleted)
                    return new BargeProcess(process, output, address, await grpc.Task);
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        process.Kill(entireProcessTree: true);
        throw new TimeoutException("barge did not become ready within 60 s");
    }

    /// <summary>SIGKILL: the process gets no chance to flush or clean up.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as a service manager or Ctrl-C would stop it.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^Barge \S+ serving \S+ and gRPC (\S+) ")]
    private static partial System.Text.RegularExpressions.Regex StartLine();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
