using Barge.Core.Errors;
using Barge.Server.Weaviate;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Barge.Server.Http;

/// <summary>
/// Answers what no handler answered in Weaviate's framework shape: unknown paths (404 with a body, unlike
/// an unknown object's empty 404), wrong methods (405 with <c>Allow</c>), and, as a last guard, exceptions.
/// </summary>
public sealed class WeaviateFallbackMiddleware(RequestDelegate next, ILogger<WeaviateFallbackMiddleware> log)
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
            var result = ex switch
            {
                UserInputException => WeaviateResults.Error(StatusCodes.Status422UnprocessableEntity, ex.Message),
                NotFoundException => WeaviateResults.NotFoundEmpty(),
                ForbiddenException => WeaviateResults.Error(StatusCodes.Status403Forbidden, ex.Message),
                Core.Journal.JournalConflictException => WeaviateResults.Error(StatusCodes.Status409Conflict, ex.Message),
                OverloadedException overloaded => OverloadFilter.Refuse(http, overloaded, WeaviateResults.Error),
                OutOfSpaceException full => OverloadFilter.OutOfSpace(http, full, WeaviateResults.Error),
                BadHttpRequestException bad => WeaviateResults.Framework(bad.StatusCode, bad.Message),
                OperationCanceledException when http.RequestAborted.IsCancellationRequested => null,
                _ => null,
            };
            if (result is null)
            {
                if (http.RequestAborted.IsCancellationRequested) return;
                log.LogError(ex, "unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
                result = WeaviateResults.Error(StatusCodes.Status500InternalServerError, ex.Message);
            }
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
