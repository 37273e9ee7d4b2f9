using System.Net;

namespace Barge.Client;

/// <summary>A request the server refused or could not answer (after any retries), with its status and message.</summary>
public sealed class BargeApiException(HttpStatusCode status, string message, string? method = null, string? path = null)
    : Exception(method is null ? message : $"{method} {path}: {(int)status} {message}")
{
    public HttpStatusCode Status { get; } = status;
    /// <summary>The server's own message (Weaviate's <c>error[].message</c> or the problem's <c>detail</c>).</summary>
    public string ServerMessage { get; } = message;
}
