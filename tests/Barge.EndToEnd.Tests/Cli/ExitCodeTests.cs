using System.Net;
using System.Net.Sockets;

namespace Barge.EndToEnd.Tests.Cli;

/// <summary>
/// The documented exit codes of the client commands, seen by a shell: 2 for bad usage or unusable input, 3 for a
/// server that cannot be reached or refuses the key, each with one line on stderr starting <c>barge: </c>.
/// </summary>
public sealed class ExitCodeTests(CliServer server) : IClassFixture<CliServer>
{
    [Fact]
    public async Task Bad_usage_and_unusable_input_exit_2_with_one_line_each()
    {
        await AssertFailsAsync(await server.BargeAsync("import", "a.jsonl", "--bogus"), 2, "--bogus");
        await AssertFailsAsync(await server.BargeAsync("import", "a.jsonl", "--concurrency", "0"), 2, "--concurrency must be at least 1");
        await AssertFailsAsync(await server.BargeAsync("batches", "undo"), 2, "give either a batch id or name, or --name");
        await AssertFailsAsync(await server.BargeAsync("completion", "fish"), 2, "fish");
        await AssertFailsAsync(await server.BargeAsync("import", Path.Combine(server.Folder, "missing.jsonl"), "--class", "X"), 2, "missing.jsonl: no such file");
        var broken = server.File("broken.json", """[{"title":"a"},{"title":""");
        await AssertFailsAsync(await server.BargeAsync("import", broken, "--class", "X"), 2, "malformed JSON array after item 1");
    }

    [Fact]
    public async Task An_unreachable_server_or_a_refused_key_exits_3()
    {
        var closed = $"http://127.0.0.1:{FreePort()}/";
        var unreachable = await BargeCli.RunAsync(["status", "--url", closed]);
        await AssertFailsAsync(unreachable, 3, $"cannot reach Barge at {closed}");
        var import = await BargeCli.RunAsync(["import", "-", "--class", "X", "--url", closed], stdin: "{\"a\":1}\n");
        await AssertFailsAsync(import, 3, $"cannot reach Barge at {closed}");

        var badKey = await BargeCli.RunAsync(["batches", "list", "--url", server.Address.ToString(), "--api-key", "not-the-key"]);
        await AssertFailsAsync(badKey, 3, "refused the API key");
        var noKey = await BargeCli.RunAsync(["schema"], environment: new Dictionary<string, string> { ["BARGE_URL"] = server.Address.ToString() });
        await AssertFailsAsync(noKey, 3, "refused the API key");

        var noBatch = await server.BargeAsync("batches", "show", "no-such-batch");
        await AssertFailsAsync(noBatch, 3, "no batch 'no-such-batch'");
    }

    [Fact]
    public async Task Help_is_on_every_command_and_exits_0()
    {
        foreach (var command in new[] { "import", "export", "batches", "batches undo", "schema", "status", "completion" })
        {
            var help = await BargeCli.RunAsync([.. command.Split(' '), "--help"]);
            Assert.True(help.Exit == 0, help.ToString());
            Assert.Contains($"Usage:\n  barge {command} ", help.Out, StringComparison.Ordinal);
        }
    }

    private static Task AssertFailsAsync(BargeCli.Run run, int exit, string message)
    {
        Assert.True(run.Exit == exit, $"expected exit {exit}, message '{message}'\n{run}");
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length is >= 1 and <= 2, run.ToString()); // the reason, and for usage errors where to find help
        Assert.StartsWith("barge: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(message, lines[0], StringComparison.Ordinal);
        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
