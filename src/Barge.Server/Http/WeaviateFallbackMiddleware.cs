using Barge.Core.Errors;
using Barge.Server.Weaviate;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Barge.Server.Http;

/// <summary>
/// Answers what no handler answered: unknown paths (404 with a body, unlike an unknown object's empty 404), wrong
/// methods (405 with <c>Allow</c>), and, as a last guard, exceptions: Core's typed failures by their kind
/// (<see cref="HttpErrors"/>), anything else as a 500 that never carries its text. Each in the error shape of the
/// dialect the route speaks (<see cref="Dialects"/>); a path no route matched gets the shape its prefix names.
/// </summary>
public sealed class WeaviateFallbackMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var endpoint = http.GetEndpoint();
        if (endpoint is null && !HttpMethods.IsOptions(http.Request.Method))
        {
            await Dialects.ByPath(http.Request.Path).FrameworkError(404, $"path {http.Request.Path} was not found").ExecuteAsync(http);
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
            var dialect = Dialects.Of(http);
            var result = ex switch
            {
                // Weaviate answers an object or class it does not hold with an empty 404; other things not found
                // (a backup) carry their message, in the route's shape.
                NotFoundException when dialect == WeaviateBatchRoutes.Dialect => WeaviateResults.NotFoundEmpty(),
                BargeException barge => HttpErrors.Answer(http, barge, dialect.Error, dialect.InvalidStatus),
                BadHttpRequestException bad => dialect.FrameworkError(bad.StatusCode, bad.Message),
                _ when http.RequestAborted.IsCancellationRequested => null,
                _ => HttpErrors.Unexpected(http, ex, dialect.Error),
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
        await Dialects.Of(http).FrameworkError(405, $"method {http.Request.Method} is not allowed, but [{string.Join(",", allowed)}] are").ExecuteAsync(http);
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
