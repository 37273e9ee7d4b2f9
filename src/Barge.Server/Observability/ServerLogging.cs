using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Barge.Server.Observability;

/// <summary>
/// The server's one logger factory, made before anything else so that the store can log while it opens (upgrading a
/// large SQLite store takes a while, and says so first). Levels are configured the standard .NET way: the
/// <c>Logging</c> section of the environment (<c>Logging__LogLevel__Default=Information</c>,
/// <c>Logging__LogLevel__Barge=Warning</c>) or of an <c>appsettings.json</c> beside the executable. Unconfigured, the
/// console stays quiet enough for <c>barge serve</c>: warnings and errors (on stderr), and Barge's own Information
/// lines (one per batch, on stdout).
/// </summary>
internal static class ServerLogging
{
    public static ILoggerFactory Create(Action<ILoggingBuilder>? configure)
    {
        // Read once, without file watchers: a factory that outlives a failed start must hold nothing open.
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
            .AddEnvironmentVariables()
            .Build();
        return LoggerFactory.Create(logging =>
        {
            // Defaults first, configuration after: for the same category the rule added last wins.
            logging.SetMinimumLevel(LogLevel.Warning);
            logging.AddFilter("Barge", LogLevel.Information);
            logging.Services.Configure<ConsoleLoggerOptions>(o =>
            {
                // Named, or the console logger copies its own obsolete defaults over the formatter's options.
                o.FormatterName = ConsoleFormatterNames.Simple;
                o.LogToStandardErrorThreshold = LogLevel.Warning;
            });
            logging.Services.Configure<SimpleConsoleFormatterOptions>(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            });
            logging.AddConfiguration(configuration.GetSection("Logging"));
            logging.AddConsole();
            configure?.Invoke(logging);
        });
    }
}
