namespace Barge.Cli.Client;

/// <summary>The exit codes of the client commands (documented in the README).</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The command ran but some items failed (an import's objects, an undo's skipped objects are not failures).</summary>
    public const int ItemsFailed = 1;
    /// <summary>Bad usage or unusable input: an unknown option, a file that cannot be read, a malformed JSON array.</summary>
    public const int BadInput = 2;
    /// <summary>The server could not be reached, or refused the request (bad key, no such batch...).</summary>
    public const int ServerError = 3;
    /// <summary>Interrupted (Ctrl-C).</summary>
    public const int Cancelled = 130;
}

/// <summary>Input the command cannot use; its message names the file, line or option.</summary>
public sealed class InputException(string message) : Exception(message);
