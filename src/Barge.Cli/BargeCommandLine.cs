using System.CommandLine;
using Barge.Cli.Client;
using Barge.Cli.Commands;
using Barge.Cli.Import;
using Barge.Server.Hosting;

namespace Barge.Cli;

/// <summary>The <c>barge</c> command line: a thin shell over the embeddable server.</summary>
public static class BargeCommandLine
{
    /// <summary>Runs the command line; <paramref name="io"/> replaces the console's writers (tests pass their own).</summary>
    public static async Task<int> RunAsync(string[] args, InvocationConfiguration? io = null)
    {
        var data = new Option<string?>("--data") { Description = "Data folder (default ./data, or PERSISTENCE_DATA_PATH)" };
        var listen = new Option<string?>("--listen") { Description = "host:port to listen on (default 127.0.0.1:8080, or BARGE_LISTEN)" };
        var grpcListen = new Option<string?>("--grpc-listen") { Description = "host:port of the Weaviate gRPC endpoint (default: the --listen host, port 50051 or GRPC_PORT; or BARGE_GRPC_LISTEN)" };
        var metricsListen = new Option<string?>("--metrics-listen") { Description = "host:port to serve Prometheus /metrics on; turns metrics on (default off; PROMETHEUS_MONITORING_ENABLED serves them on the --listen host, port 2112 or PROMETHEUS_MONITORING_PORT; or BARGE_METRICS_LISTEN)" };
        var storage = new Option<string?>("--storage") { Description = "sqlite (embedded, default) or postgres (or BARGE_STORAGE)" };
        storage.CompletionSources.Add("sqlite", "postgres");
        var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL connection string, e.g. \"Host=db;Username=barge;Database=barge\" (or BARGE_POSTGRES)" };
        var memoryLimit = new Option<string?>("--memory-limit") { Description = "hard limit of the managed heap, e.g. 512MiB or 1GiB; 0: the runtime's own (default 512MiB, or BARGE_MEMORY_LIMIT)" };
        var serve = new Command("serve", "Run the Barge server (embedded SQLite storage unless --storage postgres)") { data, listen, grpcListen, metricsListen, storage, postgres, memoryLimit };
        serve.SetAction(async (parse, ct) =>
        {
            BargeOptions options;
            try
            {
                options = BargeOptionsFromEnvironment.FromProcess();
                options = options with
                {
                    DataPath = parse.GetValue(data) ?? options.DataPath,
                    Listen = parse.GetValue(listen) ?? options.Listen,
                    GrpcListen = parse.GetValue(grpcListen) ?? options.GrpcListen,
                    MetricsListen = parse.GetValue(metricsListen) ?? options.MetricsListen,
                    MetricsEnabled = parse.GetValue(metricsListen) is not null || options.MetricsEnabled,
                    Storage = BargeOptionsFromEnvironment.Storage(parse.GetValue(storage), "--storage") ?? options.Storage,
                    PostgresConnectionString = parse.GetValue(postgres) ?? options.PostgresConnectionString,
                    MemoryLimitBytes = BargeOptionsFromEnvironment.MemoryLimit(parse.GetValue(memoryLimit), "--memory-limit") ?? options.MemoryLimitBytes,
                };
                BargeOptionsFromEnvironment.Check(options);
            }
            catch (ArgumentException ex)
            {
                await Console.Error.WriteLineAsync($"barge: {ex.Message}");
                return 2;
            }
            return await ServeCommand.RunAsync(options, ct);
        });
        var connection = new Connection();
        var root = new RootCommand("Barge: an object store built for bulk ingestion")
        {
            serve,
            ImportCommand.Create(connection),
            ExportCommand.Create(connection),
            BatchesCommand.Create(connection),
            SchemaCommand.Create(connection),
            SchemaCommand.Status(connection),
        };
        root.Subcommands.Add(CompletionCommand.Create(root));
        // The host handles SIGTERM and Ctrl-C itself (a graceful stop that drains the writer);
        // System.CommandLine must not also race it with its own termination timeout.
        var configuration = io ?? new InvocationConfiguration();
        configuration.ProcessTerminationTimeout = null;
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One line per problem and the exit code for bad usage (ExitCodes.BadInput), rather than the help page.
            // A message that lists choices on lines of their own is folded into its one line.
            foreach (var error in parse.Errors)
                await configuration.Error.WriteLineAsync("barge: " + string.Join(' ', error.Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)));
            await configuration.Error.WriteLineAsync($"barge: see '{string.Join(' ', CommandPath(parse.CommandResult))} --help'");
            return ExitCodes.BadInput;
        }
        return await parse.InvokeAsync(configuration);
    }

    private static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult result) =>
        result.Parent is System.CommandLine.Parsing.CommandResult parent ? CommandPath(parent).Append(result.Command.Name) : ["barge"];
}
