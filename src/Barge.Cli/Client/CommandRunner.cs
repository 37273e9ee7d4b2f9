using System.CommandLine;
using System.Net;
using Barge.Client;
using Spectre.Console;

namespace Barge.Cli.Client;

/// <summary>
/// Runs a client command and turns what can go wrong into one line on stderr and an exit code (<see cref="ExitCodes"/>),
/// never a stack trace.
/// </summary>
public static class CommandRunner
{
    public static void SetClientAction(this Command command, Connection connection, Func<ParseResult, CommandIo, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parse, ct) =>
        {
            var io = CommandIo.Of(parse);
            try
            {
                return await action(parse, io, ct);
            }
            catch (InputException ex)
            {
                return Fail(io, ex.Message, ExitCodes.BadInput);
            }
            catch (BargeApiException ex) when (ex.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                return Fail(io, $"{connection.UrlOf(parse)} refused the API key: {ex.ServerMessage}", ExitCodes.ServerError);
            }
            catch (BargeApiException ex)
            {
                return Fail(io, ex.Message, ExitCodes.ServerError);
            }
            catch (HttpRequestException ex)
            {
                return Fail(io, $"cannot reach Barge at {connection.UrlOf(parse)}: {ex.Message}", ExitCodes.ServerError);
            }
            catch (Polly.Timeout.TimeoutRejectedException)
            {
                return Fail(io, $"Barge at {connection.UrlOf(parse)} did not answer in time", ExitCodes.ServerError);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return Fail(io, "interrupted", ExitCodes.Cancelled);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return Fail(io, ex.Message, ExitCodes.BadInput);
            }
        });

    private static int Fail(CommandIo io, string message, int code)
    {
        io.Error.WriteLine($"barge: {message}");
        return code;
    }
}

/// <summary>Where a command writes: the invocation's stdout and stderr (the console, or a test's writers).</summary>
public sealed record CommandIo(TextWriter Out, TextWriter Error, bool ErrorIsTerminal)
{
    public static CommandIo Of(ParseResult parse)
    {
        var config = parse.InvocationConfiguration;
        var error = config.Error;
        return new CommandIo(config.Output, error, ReferenceEquals(error, System.Console.Error) && !System.Console.IsErrorRedirected);
    }

    /// <summary>
    /// Tables on stdout. Piped into a file or another program, the output has no width to fit, so it gets a wide one
    /// rather than ids wrapped over several lines.
    /// </summary>
    public IAnsiConsole Console()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Out) });
        if (!ReferenceEquals(Out, System.Console.Out) || System.Console.IsOutputRedirected) console.Profile.Width = 240;
        return console;
    }
}
