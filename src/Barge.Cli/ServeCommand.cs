using Barge.Server.Hosting;

namespace Barge.Cli;

/// <summary><c>barge serve</c>: starts the server, prints its URL, and stops cleanly on Ctrl-C or SIGTERM.</summary>
public static class ServeCommand
{
    public static async Task<int> RunAsync(BargeOptions options, CancellationToken ct)
    {
        BargeServer server;
        try
        {
            server = await BargeServer.StartAsync(options, ct);
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"barge: cannot start: {ex.Message}");
            return 1;
        }
        await using (server)
        {
            Console.WriteLine($"Barge {Barge.Server.Weaviate.MetaApi.BargeVersion} serving {server.Address.ToString().TrimEnd('/')} (data: {Path.GetFullPath(options.DataPath)})");
            Console.Out.Flush();
            await server.WaitForShutdownAsync(CancellationToken.None);
        }
        Console.WriteLine("Barge stopped.");
        return 0;
    }
}
