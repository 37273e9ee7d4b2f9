using System.Net;
using System.Text.Json;
using Barge.Client.Wire;

namespace Barge.Client;

/// <summary>The one line to show for a refused request: the server's own message whatever shape it came in.</summary>
internal static class ErrorText
{
    public static string From(HttpStatusCode status, string body)
    {
        try
        {
            if (JsonSerializer.Deserialize(body, ClientJson.Default.ErrorAnswer) is { } error)
            {
                if (error.Error is { Count: > 0 } list) return string.Join("; ", list.Select(e => e.Message));
                if ((error.Detail ?? error.Message ?? error.Title) is { } text) return text;
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's page, an empty body): fall through to the status.
        }
        return body.Length is > 0 and <= 200 ? body.Trim() : $"{(int)status} {status}";
    }
}
