using System.CommandLine;
using System.CommandLine.Completions;
using System.Text;
using Barge.Cli.Client;

namespace Barge.Cli.Commands;

/// <summary>
/// <c>barge completion bash|zsh</c>: prints a completion script for the shell, made from the command tree itself, so
/// it knows every command, option and option value (<c>--format</c>, <c>--storage</c>) this build has. The script is
/// static: a Tab does not start .NET. zsh loads it through its bash compatibility layer (<c>bashcompinit</c>).
/// </summary>
public static class CompletionCommand
{
    public static Command Create(RootCommand root)
    {
        var shell = new Argument<string>("shell") { Description = "bash or zsh" };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        var command = new Command("completion", "Print a shell completion script: eval \"$(barge completion bash)\" in ~/.bashrc, or zsh in ~/.zshrc") { shell };
        command.SetAction(async (parse, ct) =>
        {
            var script = parse.GetValue(shell) == "zsh" ? Zsh(root) : Bash(root);
            await parse.InvocationConfiguration.Output.WriteAsync(script.AsMemory(), ct);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static string Zsh(RootCommand root) =>
        "#compdef barge\n# barge completion for zsh, through its bash compatibility layer\nautoload -U +X bashcompinit && bashcompinit\n" + Bash(root);

    /// <summary>
    /// A bash function that walks the words typed so far down the command tree, then offers the subcommands and
    /// options of the command reached, an option's known values after it, or files (for file arguments and paths).
    /// </summary>
    public static string Bash(RootCommand root)
    {
        var commands = Walk(root, "barge").ToList();
        var script = new StringBuilder();
        script.Append("""
            # barge completion for bash: eval "$(barge completion bash)"
            _barge() {
              local cur prev path i options others
              cur="${COMP_WORDS[COMP_CWORD]}"
              prev="${COMP_WORDS[COMP_CWORD-1]}"
              path="barge"
              for ((i = 1; i < COMP_CWORD; i++)); do
                case "$path ${COMP_WORDS[i]}" in

            """);
        foreach (var (path, _) in commands.Skip(1)) script.Append($"    {Quote(path)}) path={Quote(path)} ;;\n");
        script.Append("""
                esac
              done
              case "$path|$prev" in

            """);
        foreach (var (path, command) in commands)
        {
            foreach (var option in Options(command).Where(o => !o.Hidden && TakesValue(o)))
            {
                var values = Values(option);
                var labels = string.Join('|', Names(option).Select(n => Quote($"{path}|{n}")));
                script.Append(values.Length > 0
                    ? $"    {labels}) COMPREPLY=($(compgen -W {Quote(string.Join(' ', values))} -- \"$cur\")); return ;;\n"
                    : $"    {labels}) COMPREPLY=(); return ;;\n"); // a path or free text: bash's own (file) completion
            }
        }
        script.Append("""
              esac
              case "$path" in

            """);
        foreach (var (path, command) in commands)
        {
            var options = Options(command).Where(o => !o.Hidden).SelectMany(Names);
            var others = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name)
                .Concat(command.Arguments.Where(a => !a.Hidden).SelectMany(Values));
            script.Append($"    {Quote(path)}) options={Quote(string.Join(' ', options.Distinct()))}; others={Quote(string.Join(' ', others.Distinct()))} ;;\n");
        }
        script.Append("""
              esac
              # Options once a dash is typed; otherwise subcommands and argument values, else files (-o default).
              if [[ "$cur" == -* ]]; then
                COMPREPLY=($(compgen -W "$options" -- "$cur"))
              else
                COMPREPLY=($(compgen -W "$others" -- "$cur"))
              fi
            }
            complete -o default -F _barge barge

            """);
        return script.ToString();
    }

    private static IEnumerable<(string Path, Command Command)> Walk(Command command, string path)
    {
        yield return (path, command);
        foreach (var sub in command.Subcommands.Where(c => !c.Hidden))
            foreach (var entry in Walk(sub, $"{path} {sub.Name}")) yield return entry;
    }

    /// <summary>The command's options and those its parents pass down (<c>--help</c>).</summary>
    private static IEnumerable<Option> Options(Command command)
    {
        var own = command.Options.ToList();
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
            own.AddRange(parent.Options.Where(o => o.Recursive));
        return own;
    }

    /// <summary>The option's names in the GNU forms (<c>--name</c>, <c>-n</c>); not <c>/?</c> and the like, which a shell would glob.</summary>
    private static IEnumerable<string> Names(Option option) =>
        option.Aliases.Prepend(option.Name).Distinct().Where(n => n.StartsWith("--", StringComparison.Ordinal) || (n.Length == 2 && n[0] == '-' && char.IsAsciiLetter(n[1])));

    private static bool TakesValue(Option option) => option.Arity.MaximumNumberOfValues > 0 && option.ValueType != typeof(bool);

    private static string[] Values(Symbol symbol) =>
        symbol switch
        {
            Option o => [.. o.GetCompletions(CompletionContext.Empty).Select(c => c.Label)],
            Argument a => [.. a.GetCompletions(CompletionContext.Empty).Select(c => c.Label)],
            _ => [],
        };

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
