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
/// hybrid, module searches, references in results) is refused with UNIMPLEMENTED.
/// </summary>
internal sealed class WeaviateService(ObjectBatchService objects, ReferenceBatchService references, DeleteByQueryService deletes,
    SchemaService schema, TenantService tenants, QueryService queries, BargeOptions options) : Protocol.Weaviate.WeaviateBase
{
    public override Task<BatchObjectsReply> BatchObjects(BatchObjectsRequest request, ServerCallContext context) =>
        BatchObjectsMethod.RunAsync(request, context, objects, options);

    public override Task<BatchReferencesReply> BatchReferences(BatchReferencesRequest request, ServerCallContext context) =>
        BatchReferencesMethod.RunAsync(request, context, references, options);

    public override Task<BatchDeleteReply> BatchDelete(BatchDeleteRequest request, ServerCallContext context) =>
        BatchDeleteMethod.RunAsync(request, context, deletes, schema, options);

    public override Task<TenantsGetReply> TenantsGet(TenantsGetRequest request, ServerCallContext context) =>
        TenantsGetMethod.RunAsync(request, context, schema, tenants);

    public override Task BatchStream(IAsyncStreamReader<BatchStreamRequest> requestStream, IServerStreamWriter<BatchStreamReply> responseStream,
        ServerCallContext context) =>
        BatchStreamMethod.RunAsync(requestStream, responseStream, context, objects, references, options);

    public override Task<SearchReply> Search(SearchRequest request, ServerCallContext context) =>
        SearchMethod.RunAsync(request, context, queries, schema);

    public override Task<AggregateReply> Aggregate(AggregateRequest request, ServerCallContext context) =>
        AggregateMethod.RunAsync(request, context, queries, schema);
}
