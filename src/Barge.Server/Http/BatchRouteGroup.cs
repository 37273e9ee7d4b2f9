using Barge.Server.BatchService;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Barge.Server.Http;

/// <summary>
/// How one REST dialect answers errors: its error shape, the status it gives bad input, and the shape of what the
/// framework answers before or around a handler (401, 404, 405, an unreadable request).
/// </summary>
/// <param name="Name">The dialect, as tests and logs name it.</param>
/// <param name="Framework">The framework's answers; null when they take <paramref name="Error"/>'s shape.</param>
public sealed record BatchDialect(string Name, Func<int, string, IResult> Error, int InvalidStatus, Func<int, string, IResult>? Framework = null)
{
    public IResult FrameworkError(int status, string message) => (Framework ?? Error)(status, message);
}

/// <summary>Names the dialect whose batch group mapped an endpoint: only <see cref="BatchRouteGroup"/> adds it.</summary>
public sealed record BatchRouteMetadata(BatchDialect Dialect);

/// <summary>
/// The batch (write) routes of a dialect are mapped in its group, which gives each the parts every batch route needs,
/// in the dialect's error shape: count headers, the check of the <c>X-Batch-*</c> headers, admission and the answers to
/// whole-batch refusals (429, 507, 503, journal conflicts as 409), and <c>Idempotency-Key</c>. A route mapped in the
/// group cannot miss one of them, and a test checks that every batch endpoint is mapped in one.
/// </summary>
public static class BatchRouteGroup
{
    public static RouteGroupBuilder MapBatchGroup(this IEndpointRouteBuilder routes, string prefix, BatchDialect dialect)
    {
        var group = routes.MapGroup(prefix);
        group.WithMetadata(new BatchRouteMetadata(dialect), new DialectMetadata(dialect));
        // Outermost first. The headers are checked before admission, and admission comes before idempotency: a refused
        // request has claimed no key and left no journal row, so its retry runs for real.
        group.AddEndpointFilter(new BatchCountHeaders());
        group.AddEndpointFilter(new BatchHeadersFilter(dialect.Error, dialect.InvalidStatus));
        group.AddEndpointFilter(new BatchRefusalFilter(dialect.Error));
        group.AddEndpointFilter(new IdempotencyFilter(dialect.Error));
        return group;
    }
}
