using Barge.Server.BatchService;
using Barge.Server.Hat;
using Barge.Server.Weaviate;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Barge.Server.Http;

/// <summary>Names the dialect an endpoint speaks, so that whatever answers for it (an exception, a refused login) uses its error shape.</summary>
public sealed record DialectMetadata(BatchDialect Dialect);

/// <summary>
/// Which dialect answers a request's errors: the one its matched endpoint was mapped with (<see cref="DialectMetadata"/>);
/// only a path no route matched is judged by its prefix. The one place that chooses an error shape.
/// </summary>
public static class Dialects
{
    public static BatchDialect Of(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<DialectMetadata>()?.Dialect ?? ByPath(http.Request.Path);

    /// <summary>For a path no route matched: HAT clients read HAT's shape under its prefix, every other path gets Weaviate's.</summary>
    public static BatchDialect ByPath(PathString path) =>
        path.StartsWithSegments(HatBatchApi.Prefix, StringComparison.Ordinal) ? HatResults.Dialect
        : path.StartsWithSegments(BatchServiceRoutes.Prefix, StringComparison.Ordinal) ? ProblemResults.Dialect
        : WeaviateBatchRoutes.Dialect;

    /// <summary>A group (no prefix of its own) whose endpoints speak <paramref name="dialect"/>.</summary>
    public static RouteGroupBuilder MapDialect(this IEndpointRouteBuilder routes, BatchDialect dialect)
    {
        var group = routes.MapGroup("");
        group.WithMetadata(new DialectMetadata(dialect));
        return group;
    }
}
