using Microsoft.AspNetCore.Http;

namespace Barge.Server.BatchService;

/// <summary>
/// Refuses a write batch whose <c>X-Batch-Id</c> header could not be echoed back (<see cref="BatchIds"/>) in the
/// route's own error shape, before admission, idempotency or the batch itself: nothing is written, journaled or claimed.
/// </summary>
public sealed class BatchHeadersFilter(Func<int, string, IResult> error, int status) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers[BatchRequests.IdHeader];
        // Trimmed as BatchRequests reads it: surrounding spaces are not part of the id.
        if (header.ToString().Trim() is { Length: > 0 } id && BatchIds.Problem("header " + BatchRequests.IdHeader, id) is { } problem)
            return error(status, problem);
        return await next(context);
    }
}
