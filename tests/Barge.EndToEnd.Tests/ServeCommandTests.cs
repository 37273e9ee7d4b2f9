using System.Net;
using System.Net.Sockets;

namespace Barge.EndToEnd.Tests;

/// <summary>
/// <c>barge serve</c> as a user runs it: data survives a clean stop (SIGTERM) and a restart (on the backend
/// <c>BARGE_TEST_STORAGE</c> selects), and a storage setting that cannot work stops it at start with a clear message.
/// </summary>
public sealed class ServeCommandTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Data_survives_a_graceful_stop_and_restart()
    {
        await using var data = await BargeData.CreateAsync();
        const string id = "2f6a1a3e-0c1f-4d8e-9b1a-5d2c3b4a6e7f";
        await using (var barge = await BargeProcess.StartAsync(data))
        {
            using var http = new HttpClient { BaseAddress = barge.Address };
            var created = await http.PostAsync("/v1/objects", new StringContent(
                "{\"class\":\"Note\",\"id\":\"" + id + "\",\"properties\":{\"text\":\"kept\"}}", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
            await barge.StopAsync();
            Assert.Equal(0, barge.ExitCode);
        }
        await using var again = await BargeProcess.StartAsync(data);
        using var client = new HttpClient { BaseAddress = again.Address };
        var body = await client.GetStringAsync($"/v1/objects/Note/{id}");
        Assert.Contains("\"text\":\"kept\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_BARGE_STORAGE_is_refused_naming_the_variable()
    {
        var run = await ServeAsync([], new Dictionary<string, string> { ["BARGE_STORAGE"] = "bogus" });
        Assert.True(run.ExitCode == 2, $"exit code {run.ExitCode}; output:\n{run.Output}");
        Assert.Contains("barge: BARGE_STORAGE must be sqlite or postgres, not 'bogus'", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postgres_storage_without_a_connection_string_is_refused()
    {
        var run = await ServeAsync(["--storage", "postgres"], new Dictionary<string, string> { ["BARGE_POSTGRES"] = "" });
        Assert.True(run.ExitCode == 2, $"exit code {run.ExitCode}; output:\n{run.Output}");
        Assert.Contains("barge: PostgreSQL storage needs a connection string (--postgres or BARGE_POSTGRES)", run.Output, StringComparison.Ordinal);
    }

    /// <summary>Barge retries while the database may still be starting (30 s), then says which server it could not reach.</summary>
    [Fact]
    public async Task An_unreachable_PostgreSQL_stops_the_start_with_a_message_naming_it()
    {
        var port = ClosedPort();
        var run = await ServeAsync(["--storage", "postgres", "--postgres", $"Host=127.0.0.1;Port={port};Username=barge;Database=barge;Timeout=2"],
            new Dictionary<string, string>());
        Assert.True(run.ExitCode != 0, $"barge exited 0 without a database; output:\n{run.Output}");
        Assert.Contains("barge: cannot start:", run.Output, StringComparison.Ordinal);
        Assert.Contains($"cannot reach PostgreSQL at 127.0.0.1:{port}/barge within 30 s", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_search_path_naming_no_schema_stops_the_start_with_a_message_not_a_crash()
    {
        await using var data = await BargeData.CreatePostgresAsync();
        var missing = new Npgsql.NpgsqlConnectionStringBuilder(data.PostgresConnectionString) { SearchPath = "no_such_schema" };
        var run = await ServeAsync(["--storage", "postgres", "--postgres", missing.ConnectionString], new Dictionary<string, string>());
        Assert.True(run.ExitCode == 1, $"exit code {run.ExitCode}; output:\n{run.Output}");
        Assert.Contains("barge: cannot start: the connection's search path names no existing schema", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", run.Output, StringComparison.Ordinal);
    }

    /// <summary>Runs <c>barge serve</c> to its exit (these tests expect it to refuse to start), output and errors together.</summary>
    private static Task<Tools.Result> ServeAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment) =>
        Tools.RunAsync("dotnet", ["exec", BargeProcess.BargeDll, "serve", "--data", Path.Combine(Path.GetTempPath(), "barge-e2e", "unused"),
            "--listen", "127.0.0.1:0", "--grpc-listen", "127.0.0.1:0", .. arguments], AppContext.BaseDirectory, environment, StartTimeout);

    /// <summary>A loopback port nothing listens on (free a moment ago).</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
