using System.Diagnostics;
using Barge.Core.Batching;
using Barge.Core.Journal;
using Barge.Server.Grpc.Protocol;
using Barge.Server.Hosting;
using Grpc.Core;

namespace Barge.Server.Grpc;

/// <summary>
/// <c>BatchReferences</c>: each reference as REST's <c>from</c>/<c>to</c> beacons through <see cref="ReferenceBatchService"/>
/// (journaled as <c>weaviate.grpc.batch.references</c>); the reply lists the failed ones by index.
/// </summary>
internal static class BatchReferencesMethod
{
    public const string Service = "weaviate.grpc.batch.references";

    public static async Task<BatchReferencesReply> RunAsync(BatchReferencesRequest request, ServerCallContext context,
        ReferenceBatchService references, BargeOptions options)
    {
        var started = Stopwatch.GetTimestamp();
        if (request.References.Count > options.MaxBatchItems)
            throw GrpcErrors.TooMany($"too many references in one batch: {request.References.Count}, the limit is {options.MaxBatchItems} (BARGE_MAX_BATCH_ITEMS)");
        var reply = new BatchReferencesReply();
        foreach (var (index, error) in await AddAsync(request.References, context, references, options, Service))
            reply.Errors.Add(new BatchReferencesReply.Types.BatchError { Index = index, Error = error });
        reply.Took = (float)Stopwatch.GetElapsedTime(started).TotalSeconds;
        return reply;
    }

    /// <summary>Adds the references as one batch; the failures by index. An empty list journals nothing.</summary>
    public static async Task<IReadOnlyList<(int Index, string Error)>> AddAsync(IReadOnlyList<BatchReference> refs, ServerCallContext context,
        ReferenceBatchService references, BargeOptions options, string service)
    {
        if (refs.Count == 0) return [];
        var inputs = refs.Select(r => new ReferenceInput(
            $"weaviate://localhost/{r.FromCollection}/{r.FromUuid}/{r.Name}",
            r.HasToCollection && r.ToCollection.Length > 0 ? $"weaviate://localhost/{r.ToCollection}/{r.ToUuid}" : $"weaviate://localhost/{r.ToUuid}",
            r.Tenant.Length > 0 ? r.Tenant : null)).ToList();
        var added = await references.AddAsync(inputs, GrpcBatchRequests.From(context, options, service), context.CancellationToken);
        return added.Items.Where(i => !i.Succeeded).Select(i => (i.Index, i.Error!.Message)).ToList();
    }

    /// <summary>The key clients match stream results of a reference by: its source object and property.</summary>
    public static string Beacon(BatchReference r) => $"weaviate://localhost/{r.FromCollection}/{r.FromUuid}/{r.Name}";
}
