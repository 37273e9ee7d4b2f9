using Barge.Core.Errors;
using Barge.Server.Weaviate;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Barge.Server.Http;

/// <summary>
/// Answers what no handler answered in Weaviate's framework shape: unknown paths (404 with a body, unlike
/// an unknown object's empty 404), wrong methods (405 with <c>Allow</c>), and, as a last guard, exceptions: Core's
/// typed failures by their kind (<see cref="HttpErrors"/>), anything else as a 500 that never carries its text.
/// </summary>
public sealed class WeaviateFallbackMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var endpoint = http.GetEndpoint();
        if (endpoint is null && !HttpMethods.IsOptions(http.Request.Method))
        {
            await WeaviateResults.Framework(404, $"path {http.Request.Path} was not found").ExecuteAsync(http);
            return;
        }
        if (endpoint?.Metadata.GetMetadata<HttpMethodMetadata>() is null && endpoint?.DisplayName?.StartsWith("405", StringComparison.Ordinal) == true)
        {
            await WriteMethodNotAllowed(http);
            return;
        }
        if (HttpMethods.IsOptions(http.Request.Method))
        {
            WriteCors(http);
            http.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }
        try
        {
            await next(http);
        }
        catch (Exception ex) when (!http.Response.HasStarted)
        {
            if (ex is OperationCanceledException && http.RequestAborted.IsCancellationRequested) return;
            var result = ex switch
            {
                BargeException { Kind: ErrorKind.NotFound } => WeaviateResults.NotFoundEmpty(),
                BargeException barge => HttpErrors.Answer(http, barge, WeaviateResults.Error),
                BadHttpRequestException bad => WeaviateResults.Framework(bad.StatusCode, bad.Message),
                _ when http.RequestAborted.IsCancellationRequested => null,
                _ => HttpErrors.Unexpected(http, ex, WeaviateResults.Error),
            };
            if (result is null) return;
            await result.ExecuteAsync(http);
        }
    }

    private static async Task WriteMethodNotAllowed(HttpContext http)
    {
        var sources = http.RequestServices.GetService(typeof(EndpointDataSource)) as EndpointDataSource;
        var path = http.Request.Path.Value ?? "";
        var allowed = sources?.Endpoints.OfType<RouteEndpoint>()
            .Where(e => RouteMatches(e, path))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])
            .Distinct().Order().ToList() ?? [];
        http.Response.Headers.Allow = string.Join(",", allowed);
        await WeaviateResults.Framework(405, $"method {http.Request.Method} is not allowed, but [{string.Join(",", allowed)}] are").ExecuteAsync(http);
    }

    private static bool RouteMatches(RouteEndpoint e, string path)
    {
        var matcher = new Microsoft.AspNetCore.Routing.Template.TemplateMatcher(
            Microsoft.AspNetCore.Routing.Template.TemplateParser.Parse(e.RoutePattern.RawText ?? ""), new RouteValueDictionary());
        return matcher.TryMatch(path, new RouteValueDictionary());
    }

    private static void WriteCors(HttpContext http)
    {
        http.Response.Headers.AccessControlAllowOrigin = "*";
        http.Response.Headers.AccessControlAllowMethods = "GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS";
        http.Response.Headers.AccessControlAllowHeaders = "Content-Type, Authorization, Batch, X-Openai-Api-Key, X-Batch-Id, X-Batch-Name, X-Batch-Reason, X-Batch-Source, Idempotency-Key";
    }
}
