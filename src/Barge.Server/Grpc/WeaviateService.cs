using Barge.Core.Batching;
using Barge.Core.Query;
using Barge.Core.Schema;
using Barge.Server.Grpc.Protocol;
using Barge.Server.Hosting;
using Grpc.Core;

namespace Barge.Server.Grpc;

/// <summary>
/// The <c>weaviate.v1.Weaviate</c> service: each method is mapped in its own file (<c>*Method.cs</c>). Search and
/// Aggregate run on Core's <see cref="QueryService"/>; what they do not serve (group by in Search, generative, BM25,
/// hybrid, module searches, references in results) is refused with UNIMPLEMENTED. Bound by
/// <see cref="WeaviateServiceMethods"/> rather than by deriving from the generated base.
/// </summary>
internal sealed class WeaviateService(ObjectBatchService objects, ReferenceBatchService references, DeleteByQueryService deletes,
    SchemaService schema, TenantService tenants, QueryService queries, BargeOptions options)
{
    public Task<BatchObjectsReply> BatchObjects(BatchObjectsRequest request, ServerCallContext context) =>
        BatchObjectsMethod.RunAsync(request, context, objects, options);

    public Task<BatchReferencesReply> BatchReferences(BatchReferencesRequest request, ServerCallContext context) =>
        BatchReferencesMethod.RunAsync(request, context, references, options);

    public Task<BatchDeleteReply> BatchDelete(BatchDeleteRequest request, ServerCallContext context) =>
        BatchDeleteMethod.RunAsync(request, context, deletes, schema, options);

    public Task<TenantsGetReply> TenantsGet(TenantsGetRequest request, ServerCallContext context) =>
        TenantsGetMethod.RunAsync(request, context, schema, tenants);

    public Task BatchStream(IAsyncStreamReader<BatchStreamRequest> requestStream, IServerStreamWriter<BatchStreamReply> responseStream,
        ServerCallContext context) =>
        BatchStreamMethod.RunAsync(requestStream, responseStream, context, objects, references, options);

    public Task<SearchReply> Search(SearchRequest request, ServerCallContext context) =>
        SearchMethod.RunAsync(request, context, queries, schema, options.FilterLimits);

    public Task<AggregateReply> Aggregate(AggregateRequest request, ServerCallContext context) =>
        AggregateMethod.RunAsync(request, context, queries, schema, options.FilterLimits);
}
