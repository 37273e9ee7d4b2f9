using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Barge.Bench;

/// <summary>
/// <c>barge serve</c> started under <c>taskset -c 1</c> (taskset execs dotnet, so the pid is the server's),
/// with CPU time and peak RSS read from /proc.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _stderr = [];
    private int _stderrLines;

    private readonly TaskCompletionSource<string> _startLine = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The gRPC listener, <c>host:port</c>, as the start line reports it (<c>… and gRPC 127.0.0.1:N (…)</c>).</summary>
    public string? GrpcAddress { get; private set; }
    public int Pid => _process.Id;

    /// <summary>Lines the server wrote to stderr (its log is Warning and above), the first few kept.</summary>
    public int StderrLineCount => Volatile.Read(ref _stderrLines);
    public IReadOnlyList<string> StderrSample { get { lock (_stderr) return _stderr.ToList(); } }

    /// <param name="storageArgs">Extra <c>serve</c> flags choosing the storage (PostgreSQL runs); none for SQLite in <paramref name="dataFolder"/>.</param>
    public static async Task<ServerProcess> StartAsync(string bargeDll, string dataFolder, string core, IReadOnlyList<string>? storageArgs = null)
    {
        var port = FreePort();
        var grpcPort = FreePort();
        var info = new ProcessStartInfo("taskset", ["-c", core, "dotnet", "exec", bargeDll, "serve", "--data", dataFolder, "--listen", $"127.0.0.1:{port}",
            "--grpc-listen", $"127.0.0.1:{grpcPort}", .. storageArgs ?? []])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        var process = Process.Start(info)!;
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.Contains(" serving ", StringComparison.Ordinal)) server._startLine.TrySetResult(line);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            Interlocked.Increment(ref server._stderrLines);
            lock (server._stderr) if (server._stderr.Count < 5) server._stderr.Add(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"barge exited early with code {process.ExitCode}: {string.Join(" | ", server.StderrSample)}");
            try
            {
                if ((await http.GetAsync(new Uri(server.Address, "/v1/.well-known/ready"))).StatusCode == HttpStatusCode.OK)
                {
                    // "Barge x serving http://127.0.0.1:N and gRPC 127.0.0.1:M (data: …)"; printed right after start.
                    var line = await server._startLine.Task.WaitAsync(TimeSpan.FromSeconds(30));
                    var at = line.IndexOf(" and gRPC ", StringComparison.Ordinal);
                    if (at >= 0) server.GrpcAddress = line[(at + 10)..].Split(' ')[0];
                    return server;
                }
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(50);
        }
        process.Kill(entireProcessTree: true);
        throw new TimeoutException("barge did not become ready within 120 s");
    }

    /// <summary>utime + stime of the server, in seconds (/proc/pid/stat fields 14 and 15).</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{Pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state); utime is field 14, stime field 15.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks / (double)ClockTicks;
    }

    /// <summary>Peak resident set size (VmHWM), in MiB.</summary>
    public double PeakRssMiB()
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
        return double.NaN;
    }

    /// <summary>The core(s) the server may run on, as the kernel reports them (proof of pinning).</summary>
    public string AllowedCpus()
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
            if (line.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal)) return line[18..].Trim();
        return "?";
    }

    /// <summary>SIGTERM, then wait for a clean exit; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (_process.HasExited) return _process.ExitCode;
        using (var kill = Process.Start("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)])!) await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private static readonly long ClockTicks = ReadClockTicks();

    private static long ReadClockTicks()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("getconf", ["CLK_TCK"]) { RedirectStandardOutput = true })!;
            var text = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return long.Parse(text, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or FormatException)
        {
            return 100;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
