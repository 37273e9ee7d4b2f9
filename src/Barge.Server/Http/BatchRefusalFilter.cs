using Barge.Core.Errors;
using Barge.Core.Journal;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Barge.Server.Http;

/// <summary>
/// Keeps a batch route within the write path's bounds (<see cref="WriteAdmission"/>) and answers a full server with 429
/// and <c>Retry-After</c> in the route's own error shape. The body's declared length is admitted before a byte of it is
/// read (a body without one is admitted as it arrives) and held until the answer has been sent, since the body and what
/// is parsed from it live that long; Core's refusal of a batch's objects (<see cref="BatchJournal.Admit"/>) is answered
/// here too. It runs before the idempotency filter: a refused request has claimed no key and left no journal row, so
/// its retry runs for real. A store out of space (507) or out of reach (503) is answered here as well, with
/// <c>Retry-After</c> in the same shape: its transaction rolled back, so the same request may be sent again. So is a
/// batch id or idempotency key another batch already holds (409, <see cref="JournalConflictException"/>): every batch
/// route carries this filter, so no handler catches these itself and none can miss one.
/// </summary>
public sealed class BatchRefusalFilter(Func<int, string, IResult> error) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        try
        {
            var admission = http.RequestServices.GetRequiredService<WriteAdmission>().Bytes.Admit(http.Request.ContentLength ?? 0);
            http.Response.RegisterForDispose(admission);
            if (http.Request.ContentLength is null) http.Request.Body = new AdmittedBody(http.Request.Body, admission);
            return await next(context);
        }
        catch (BargeException ex) when (ex.Kind is ErrorKind.Overloaded or ErrorKind.StoreLimit or ErrorKind.Unavailable or ErrorKind.Conflict)
        {
            return HttpErrors.Answer(http, ex, error);
        }
    }
}
