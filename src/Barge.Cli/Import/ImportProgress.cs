using System.Globalization;
using Barge.Client.Batching;
using Barge.Cli.Client;
using Spectre.Console;

namespace Barge.Cli.Import;

/// <summary>
/// Shows an import going: on a terminal a live bar (objects, objects/s, bytes, ETA, failures); elsewhere a plain line
/// on stderr now and then, which a log keeps readably.
/// </summary>
public static class ImportProgress
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan BarInterval = TimeSpan.FromMilliseconds(250);

    public static Task RunAsync(CommandIo io, InputSource source, Func<BatchReport> progress, Func<long> unusable, Func<Task> work) =>
        io.ErrorIsTerminal ? BarAsync(io, source, progress, unusable, work) : PlainAsync(io, source, progress, unusable, work);

    private static async Task BarAsync(CommandIo io, InputSource source, Func<BatchReport> progress, Func<long> unusable, Func<Task> work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(io.Error) });
        await console.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask("import", maxValue: source.Length ?? 1);
                task.IsIndeterminate = source.Length is null;
                var running = work();
                while (true)
                {
                    var finished = await Task.WhenAny(running, Task.Delay(BarInterval)) == running;
                    task.Value = source.Length is null ? 0 : source.BytesRead;
                    task.Description = Markup.Escape(Line(source, progress(), unusable()));
                    if (finished) break;
                }
                task.Value = task.MaxValue;
                task.StopTask();
                await running;
            });
    }

    private static async Task PlainAsync(CommandIo io, InputSource source, Func<BatchReport> progress, Func<long> unusable, Func<Task> work)
    {
        var running = work();
        while (await Task.WhenAny(running, Task.Delay(PlainInterval)) != running)
            await io.Error.WriteLineAsync("barge import: " + Line(source, progress(), unusable()));
        await running;
    }

    private static string Line(InputSource source, BatchReport report, long unusable)
    {
        var read = source.Length is { } length ? $"{Bytes(source.BytesRead)} of {Bytes(length)}" : "";
        var failed = report.Failed + unusable;
        return string.Create(CultureInfo.InvariantCulture,
            $"{report.Succeeded:N0} objects, {report.ItemsPerSecond:N0}/s, {read}{(read.Length > 0 ? ", " : "")}{failed:N0} failed{(report.Retries > 0 ? $", {report.Retries:N0} retries" : "")}");
    }

    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.0} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.0} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 10):0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };
}
