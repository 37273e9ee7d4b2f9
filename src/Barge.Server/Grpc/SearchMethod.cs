using Barge.Core.Filters;
using System.Buffers.Binary;
using System.Diagnostics;
using Barge.Core.Query;
using Barge.Core.Schema;
using Barge.Core.Storage;
using Barge.Server.Grpc.Protocol;
using Google.Protobuf;
using Grpc.Core;
using SearchResult = Barge.Server.Grpc.Protocol.SearchResult;

namespace Barge.Server.Grpc;

/// <summary>
/// <c>Search</c> mapped onto Core's <see cref="QueryService.SearchAsync"/>: collection, tenant, filters
/// (<see cref="FilterMapping"/>; the client's fetch by id is a filter on <c>_id</c>), limit (0: the default), offset,
/// after, sort, near_vector / near_object with distance or certainty. Each result carries the requested properties
/// (none asked: every non-reference, non-blob property, as Weaviate) and metadata (id always; vector as
/// <c>vector_bytes</c>, and as a <c>vectors</c> entry named <c>default</c> when asked by name; times; distance and
/// certainty of a vector search; score and explain_score of a bm25 or hybrid search, <see cref="KeywordMapping"/>),
/// autocut, and the referenced objects its ref_properties ask for (<see cref="SearchReferences"/>).
/// Group by, generative, rerank, boost and the module near_* searches are refused (INVALID_ARGUMENT or
/// UNIMPLEMENTED), never answered wrongly.
/// </summary>
internal static class SearchMethod
{
    public static async Task<SearchReply> RunAsync(SearchRequest request, ServerCallContext context, QueryService queries, SchemaService schema,
        FilterLimits limits)
    {
        var started = Stopwatch.GetTimestamp();
        Refuse(request);
        var cls = await GrpcCollections.FindAsync(request.Collection, schema, context.CancellationToken);
        var tenant = GrpcCollections.Tenant(cls, request.Tenant);
        var metadata = request.Metadata ?? new MetadataRequest { Uuid = true };
        CheckVectorNames(metadata);
        var query = new SearchQuery(cls.Name, tenant)
        {
            Filter = request.Filters is null ? null : GrpcCollections.Filter(request.Filters, cls, schema, limits),
            Limit = request.Limit == 0 ? null : checked((int)Math.Min(request.Limit, int.MaxValue)),
            Offset = (int)Math.Min(request.Offset, int.MaxValue),
            After = request.HasAfter && request.After.Length > 0 ? request.After : null,
            Sort = request.SortBy.Select(s => Sort(s, cls)).ToList(),
            Near = request.NearVector is not null ? NearMapping.Vector(request.NearVector)
                : request.NearObject is not null ? NearMapping.Object(request.NearObject) : null,
            Keyword = request.Bm25Search is null ? null : KeywordMapping.Bm25(request.Bm25Search),
            Hybrid = request.HybridSearch is null ? null : KeywordMapping.Hybrid(request.HybridSearch),
            Autocut = request.Autocut == 0 ? null : checked((int)Math.Min(request.Autocut, int.MaxValue)),
            ExplainScore = metadata.ExplainScore,
            IncludeVector = metadata.Vector || metadata.Vectors.Count > 0,
            References = SearchReferences.Selections(request.Properties),
        };
        var result = await queries.SearchAsync(query, context.CancellationToken);
        var names = PropertyNames(request.Properties);
        var reply = new SearchReply();
        foreach (var hit in result.Hits)
        {
            var properties = new PropertiesResult
            {
                NonRefProps = PropertyValues.Of(hit.Object.Properties, cls.Properties, names),
                TargetCollection = cls.Name,
            };
            if (request.Properties is not null) SearchReferences.Write(properties, hit.References, request.Properties, schema);
            reply.Results.Add(new SearchResult { Properties = properties, Metadata = Metadata(hit, metadata) });
        }
        reply.Took = (float)Stopwatch.GetElapsedTime(started).TotalSeconds;
        return reply;
    }

    private static void Refuse(SearchRequest request)
    {
        if (request.GroupBy is not null) throw GrpcErrors.Unimplemented("group by is not supported by Barge's Search");
        if (request.Generative is not null) throw GrpcErrors.Unimplemented("generative search is not supported: Barge has no generative module");
        if (request.Rerank is not null) throw GrpcErrors.Unimplemented("rerank is not supported: Barge has no reranker module");
        if (request.Boost is not null) throw GrpcErrors.Unimplemented("boost is not supported by Barge's Search");
        if (request.NearText is not null || request.NearImage is not null || request.NearAudio is not null || request.NearVideo is not null
            || request.NearDepth is not null || request.NearThermal is not null || request.NearImu is not null)
            throw GrpcErrors.Unimplemented("near<Media> searches need a vectorizer module, which Barge does not have; use nearVector");
        if (request.NearVector is not null && request.NearObject is not null)
            throw GrpcErrors.Invalid("only one of nearVector and nearObject may be set");
    }

    /// <summary>Refuses vectors asked for by a name other than <c>default</c>: Barge stores one unnamed vector per object.</summary>
    internal static void CheckVectorNames(MetadataRequest metadata)
    {
        foreach (var name in metadata.Vectors.Where(n => n != "default"))
            throw GrpcErrors.Invalid($"no vector named '{name}': Barge stores one unnamed vector per object (name 'default')");
    }

    /// <summary>The property names asked for, or null for every non-reference, non-blob property.</summary>
    internal static HashSet<string>? PropertyNames(PropertiesRequest? request)
    {
        if (request is null || request.ReturnAllNonrefProperties) return null;
        var names = request.NonRefProperties.Select(SchemaNames.PropertyNameFor).ToHashSet(StringComparer.Ordinal);
        foreach (var o in request.ObjectProperties) names.Add(SchemaNames.PropertyNameFor(o.PropName));
        return names;
    }

    private static SortField Sort(SortBy sort, ClassDefinition cls)
    {
        if (sort.Path.Count != 1) throw GrpcErrors.Invalid($"sort: path must name one property, got {sort.Path.Count} elements");
        var name = sort.Path[0];
        if (name is not ("_creationTimeUnix" or "_lastUpdateTimeUnix" or "id" or "_id"))
        {
            name = SchemaNames.PropertyNameFor(name);
            if (cls.FindProperty(name) is null) throw GrpcErrors.Invalid("sort: " + QueryMessages.NoSuchProperty(name, cls.Name));
        }
        return new SortField(name, !sort.Ascending);
    }

    internal static MetadataResult Metadata(SearchHit hit, MetadataRequest request)
    {
        var o = hit.Object;
        var m = new MetadataResult { Id = o.Id };
        if (request.CreationTimeUnix)
        {
            m.CreationTimeUnix = o.CreationTimeUnix;
            m.CreationTimeUnixPresent = true;
        }
        if (request.LastUpdateTimeUnix)
        {
            m.LastUpdateTimeUnix = o.LastUpdateTimeUnix;
            m.LastUpdateTimeUnixPresent = true;
        }
        if (request.Distance && hit.Distance is { } distance)
        {
            m.Distance = distance;
            m.DistancePresent = true;
        }
        if (request.Certainty && hit.Certainty is { } certainty)
        {
            m.Certainty = (float)certainty;
            m.CertaintyPresent = true;
        }
        if (request.Score && hit.Score is { } score)
        {
            m.Score = score;
            m.ScorePresent = true;
        }
        if (request.ExplainScore && hit.ExplainScore is { } explain)
        {
            m.ExplainScore = explain;
            m.ExplainScorePresent = true;
        }
        if (request.IsConsistent)
        {
            m.IsConsistent = true;
            m.IsConsistentPresent = true;
        }
        if (o.Vector is { Length: > 0 } vector)
        {
            var bytes = new byte[vector.Length * 4];
            for (var i = 0; i < vector.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), vector[i]);
            var byteString = ByteString.CopyFrom(bytes);
            if (request.Vector) m.VectorBytes = byteString;
            if (request.Vectors.Count > 0)
                m.Vectors.Add(new Vectors { Name = "default", VectorBytes = byteString, Type = Vectors.Types.VectorType.SingleFp32 });
        }
        return m;
    }
}
