using System.Diagnostics;
using Barge.Core.Batching;
using Barge.Core.Filters;
using Barge.Core.Journal;
using Barge.Core.Schema;
using Barge.Server.Grpc.Protocol;
using Barge.Server.Hosting;
using Google.Protobuf;
using Grpc.Core;

namespace Barge.Server.Grpc;

/// <summary>
/// <c>BatchDelete</c>: the objects of one collection (and tenant) matching the filter (<see cref="FilterMapping"/>),
/// at most QUERY_MAXIMUM_RESULTS per call, oldest first, through <see cref="DeleteByQueryService"/> (journaled as
/// <c>weaviate.grpc.batch.delete</c>), with dry run. Objects are listed when verbose, else only the failed ones.
/// </summary>
internal static class BatchDeleteMethod
{
    public const string Service = "weaviate.grpc.batch.delete";

    public static async Task<BatchDeleteReply> RunAsync(BatchDeleteRequest request, ServerCallContext context, DeleteByQueryService deletes,
        SchemaService schema, BargeOptions options)
    {
        var started = Stopwatch.GetTimestamp();
        if (request.Collection.Length == 0) throw GrpcErrors.Invalid("collection must be set");
        if (request.Filters is null) throw GrpcErrors.Invalid("filters must be set: a batch delete needs a filter to match objects");
        if (await schema.FindAsync(request.Collection, context.CancellationToken) is not { } cls)
            throw GrpcErrors.NotFound($"could not find class {request.Collection} in schema");
        var (filter, error) = FilterMapping.Map(request.Filters, cls, schema.Find, options.FilterLimits);
        if (filter is null) throw GrpcErrors.Invalid($"invalid filter: {error}");
        if (FilterValidator.FindSearchError(filter) is { } searchError) throw GrpcErrors.Invalid($"batch delete objects: {searchError}");
        var tenant = request.HasTenant && request.Tenant.Length > 0 ? request.Tenant : null;
        if (cls.MultiTenancyEnabled && tenant is null)
            throw GrpcErrors.Invalid($"class {cls.Name} has multi-tenancy enabled, but request was without tenant");
        if (!cls.MultiTenancyEnabled && tenant is not null)
            throw GrpcErrors.Invalid($"class {cls.Name} has multi-tenancy disabled, but request was with tenant");

        var result = await deletes.DeleteAsync(cls.Name, tenant, filter, GrpcBatchRequests.From(context, options, Service, request.DryRun),
                context.CancellationToken);
        var reply = new BatchDeleteReply { Matches = result.Matches, Successful = result.Successful, Failed = result.Failed };
        foreach (var item in result.Items.Where(i => request.Verbose || i.Status == DeleteItemStatus.Failed))
        {
            var o = new BatchDeleteObject
            {
                Uuid = ByteString.CopyFrom(Guid.Parse(item.Id).ToByteArray(bigEndian: true)),
                Successful = item.Status == DeleteItemStatus.Success,
            };
            if (item.Error is not null) o.Error = item.Error.Message;
            reply.Objects.Add(o);
        }
        reply.Took = (float)Stopwatch.GetElapsedTime(started).TotalSeconds;
        return reply;
    }
}
