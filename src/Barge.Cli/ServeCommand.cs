using Barge.Server.Hosting;

namespace Barge.Cli;

/// <summary><c>barge serve</c>: starts the server, prints its URL, and stops cleanly on Ctrl-C or SIGTERM.</summary>
public static class ServeCommand
{
    public static async Task<int> RunAsync(BargeOptions options, CancellationToken ct)
    {
        if (HeapLimit.Apply(options.MemoryLimitBytes) is { } limitError)
        {
            await Console.Error.WriteLineAsync($"barge: cannot start: {limitError}");
            return 1;
        }
        BargeServer server;
        try
        {
            server = await BargeServer.StartAsync(options, ct);
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException or TimeoutException)
        {
            // The stores report an unusable data folder or an unreachable database as IOException (or TimeoutException).
            await Console.Error.WriteLineAsync($"barge: cannot start: {ex.Message}");
            return 1;
        }
        catch (System.Data.Common.DbException ex) when (options.Storage == StorageKind.Postgres)
        {
            // A driver error the store did not translate: still a start failure, not a crash; name the server.
            await Console.Error.WriteLineAsync($"barge: cannot start: PostgreSQL at {Barge.Storage.Postgres.PostgresStore.Describe(options.PostgresConnectionString!)}: {ex.Message}");
            return 1;
        }
        await using (server)
        {
            Console.WriteLine($"Barge {Barge.Server.Weaviate.MetaApi.BargeVersion} serving {server.Address.ToString().TrimEnd('/')} and gRPC {server.GrpcAddress} ({StorageDescription(options)})");
            // A line of its own: parsers of the start line (tests, the bench) read it whole.
            if (server.MetricsAddress is { } metrics) Console.WriteLine($"Barge metrics (Prometheus) at {metrics}");
            Console.Out.Flush();
            await server.WaitForShutdownAsync(CancellationToken.None);
        }
        Console.WriteLine("Barge stopped.");
        return 0;
    }

    /// <summary>Where the data is, for the start line; a PostgreSQL connection string is shown without its password.</summary>
    private static string StorageDescription(BargeOptions options) => options.Storage == StorageKind.Postgres
        ? "storage: postgres " + Barge.Storage.Postgres.PostgresStore.Describe(options.PostgresConnectionString!)
        : $"data: {Path.GetFullPath(options.DataPath)}";
}
