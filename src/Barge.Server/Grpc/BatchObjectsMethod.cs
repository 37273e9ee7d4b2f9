using System.Diagnostics;
using Barge.Core.Batching;
using Barge.Core.Journal;
using Barge.Core.Objects;
using Barge.Server.Grpc.Protocol;
using Barge.Server.Hosting;
using Grpc.Core;

namespace Barge.Server.Grpc;

/// <summary>
/// <c>BatchObjects</c>: every object mapped (<see cref="BatchObjectMapping"/>) and imported through
/// <see cref="ObjectBatchService"/>, as <c>POST /v1/batch/objects</c> does (validation, auto-schema, group commit,
/// journal as <c>weaviate.grpc.batch.objects</c>). The reply lists only the failed objects, by index, as Weaviate's does.
/// </summary>
internal static class BatchObjectsMethod
{
    public const string Service = "weaviate.grpc.batch.objects";

    public static async Task<BatchObjectsReply> RunAsync(BatchObjectsRequest request, ServerCallContext context, ObjectBatchService batches, BargeOptions options)
    {
        var started = Stopwatch.GetTimestamp();
        using var objects = request.Raw ?? RawBatchObjects.FromMessages(request.Objects);
        if (objects.Count > options.MaxBatchItems)
            throw GrpcErrors.TooMany($"too many objects in one batch: {objects.Count}, the limit is {options.MaxBatchItems} (BARGE_MAX_BATCH_ITEMS)");
        var reply = new BatchObjectsReply();
        foreach (var failure in await ImportAsync(objects, context, batches, options, Service))
            reply.Errors.Add(new BatchObjectsReply.Types.BatchError { Index = failure.Index, Error = failure.Error });
        reply.Took = (float)Stopwatch.GetElapsedTime(started).TotalSeconds;
        return reply;
    }

    /// <summary>One failed object: its index in the objects given and why.</summary>
    public sealed record Failure(int Index, string Id, string Error);

    /// <summary>
    /// Imports <paramref name="objects"/> as one batch and returns the failures, in index order. Objects that cannot
    /// be mapped fail alone, and are journaled with the batch like any failed object; an empty list writes nothing and
    /// journals nothing.
    /// </summary>
    public static async Task<IReadOnlyList<Failure>> ImportAsync(RawBatchObjects objects, ServerCallContext context,
        ObjectBatchService batches, BargeOptions options, string service)
    {
        if (objects.Count == 0) return [];
        using var mapping = BatchObjectMapping.Map(objects, options.MaxJsonDepth);
        var inputs = mapping.Inputs;
        var result = await batches.ImportAsync(inputs, GrpcBatchRequests.From(context, options, service), context.CancellationToken);
        // An unreadable uuid is answered as sent, not as the id the batch made up for it.
        return result.Items.Where(i => !i.Succeeded)
            .Select(i => new Failure(i.Index, inputs[i.Index].Refused is null ? i.Id : mapping.SentUuids[i.Index], i.Error!.Message)).ToList();
    }

    /// <inheritdoc cref="ImportAsync(RawBatchObjects, ServerCallContext, ObjectBatchService, BargeOptions, string)"/>
    public static async Task<IReadOnlyList<Failure>> ImportAsync(IReadOnlyList<BatchObject> objects, ServerCallContext context,
        ObjectBatchService batches, BargeOptions options, string service)
    {
        using var raw = RawBatchObjects.FromMessages(objects);
        return await ImportAsync(raw, context, batches, options, service);
    }
}
