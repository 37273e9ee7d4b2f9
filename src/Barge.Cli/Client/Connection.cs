using System.CommandLine;
using Barge.Client;

namespace Barge.Cli.Client;

/// <summary>
/// <c>--url</c> and <c>--api-key</c> (or <c>BARGE_URL</c> / <c>BARGE_API_KEY</c>), shared by every command that
/// talks to a running server, and the client they make.
/// </summary>
public sealed class Connection
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    public Option<string?> Url { get; } = new("--url") { Description = $"The Barge server (default BARGE_URL, else {DefaultUrl})" };
    public Option<string?> ApiKey { get; } = new("--api-key") { Description = "API key sent as a Bearer token (default BARGE_API_KEY)" };

    public void AddTo(Command command)
    {
        command.Options.Add(Url);
        command.Options.Add(ApiKey);
    }

    public string UrlOf(ParseResult parse) =>
        parse.GetValue(Url) ?? (Environment.GetEnvironmentVariable("BARGE_URL") is { Length: > 0 } env ? env : DefaultUrl);

    /// <summary>
    /// A client for the server; <paramref name="retries"/> bounds its retries (a command that talks once fails fast
    /// when nothing answers; an import rides out a busy server).
    /// </summary>
    public BargeClient Open(ParseResult parse, int retries)
    {
        var url = UrlOf(parse);
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new InputException($"--url must be an http or https URL, got '{url}'");
        var key = parse.GetValue(ApiKey) ?? Environment.GetEnvironmentVariable("BARGE_API_KEY");
        return new BargeClient(uri, key, new BargeClientOptions { MaxRetries = retries });
    }
}
