using System.Diagnostics;

namespace Barge.EndToEnd.Tests.Cli;

/// <summary>
/// <c>barge completion bash|zsh</c>: the printed script, loaded into a real bash, completes commands, options and
/// option values as a Tab would (COMP_WORDS / COMP_CWORD set, the completion function called).
/// </summary>
public sealed class CompletionTests
{
    [Theory]
    [InlineData("barge ", "batches completion export import schema serve status")]
    [InlineData("barge ba", "batches")]
    [InlineData("barge batches u", "undo")]
    [InlineData("barge import --fo", "--format")]
    [InlineData("barge import data.jsonl --format Json", "JsonArray JsonLines")]
    [InlineData("barge batches list --status p", "partial")]
    [InlineData("barge serve --storage ", "postgres sqlite")]
    [InlineData("barge completion ", "bash zsh")]
    [InlineData("barge export Article --with", "--with-vectors")]
    public async Task Bash_completes_what_was_typed(string typed, string expected)
    {
        var script = await BargeCli.RunAsync(["completion", "bash"]);
        Assert.True(script.Exit == 0, script.ToString());
        var path = Path.Combine(Path.GetTempPath(), $"barge-completion-{Guid.NewGuid():N}.bash");
        await File.WriteAllTextAsync(path, script.Out);
        try
        {
            // A trailing space means the cursor is on a new, empty word.
            var words = typed.Split(' ');
            var quoted = string.Join(' ', words.Select(w => $"'{w}'"));
            var probe = $"source '{path}'; COMP_WORDS=({quoted}); COMP_CWORD={words.Length - 1}; _barge; printf '%s\\n' \"${{COMPREPLY[@]}}\" | sort | paste -sd ' '";
            var (exit, output) = await BashAsync(probe);
            Assert.True(exit == 0, output);
            Assert.Equal(expected, output.Trim());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Zsh_gets_the_same_function_through_bashcompinit()
    {
        var script = await BargeCli.RunAsync(["completion", "zsh"]);
        Assert.True(script.Exit == 0, script.ToString());
        Assert.StartsWith("#compdef barge\n", script.Out, StringComparison.Ordinal);
        Assert.Contains("bashcompinit", script.Out, StringComparison.Ordinal);
        Assert.Contains("complete -o default -F _barge barge", script.Out, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output)> BashAsync(string command)
    {
        var info = new ProcessStartInfo("bash", ["--norc", "--noprofile", "-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
