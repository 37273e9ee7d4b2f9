using Barge.Core.Journal;
using Barge.Server.BatchService;
using Barge.Server.Hosting;
using Grpc.Core;

namespace Barge.Server.Grpc;

/// <summary>
/// The journal's view of a gRPC batch call: the caller names it with <c>x-batch-id</c>, <c>x-batch-name</c>,
/// <c>x-batch-reason</c> and <c>x-batch-source</c> metadata (REST's <c>X-Batch-*</c> headers), the admitted principal
/// is the user. Services are named <c>weaviate.grpc.&lt;operation&gt;</c>. An id that REST would refuse
/// (<see cref="BatchIds"/>) is refused here too, before the batch runs.
/// </summary>
internal static class GrpcBatchRequests
{
    private const string IdKey = "x-batch-id";

    public static BatchRequest From(ServerCallContext context, BargeOptions options, string service, bool dryRun = false) => new()
    {
        Id = CheckedId(context),
        User = GrpcAuthInterceptor.Principal(context).User,
        LogUser = GrpcAuthInterceptor.Principal(context).LogName,
        Environment = options.Environment,
        Service = service,
        Name = Header(context, "x-batch-name"),
        Reason = Header(context, "x-batch-reason"),
        Source = Header(context, "x-batch-source"),
        DryRun = dryRun,
    };

    /// <summary>The caller's batch id, or null; INVALID_ARGUMENT when it could not name a batch.</summary>
    public static string? CheckedId(ServerCallContext context)
    {
        var id = Header(context, IdKey);
        if (id is not null && BatchIds.Problem("metadata " + IdKey, id) is { } problem) throw GrpcErrors.Invalid(problem);
        return id;
    }

    private static string? Header(ServerCallContext context, string name) =>
        context.RequestHeaders.GetValue(name) is { Length: > 0 } value && value.Trim() is { Length: > 0 } trimmed ? trimmed : null;
}
