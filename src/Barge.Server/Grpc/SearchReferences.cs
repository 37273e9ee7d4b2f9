using Barge.Core.Query;
using Barge.Core.Query.References;
using Barge.Core.Schema;
using Barge.Server.Grpc.Protocol;

namespace Barge.Server.Grpc;

/// <summary>
/// References in Search results. <c>PropertiesRequest.ref_properties</c> becomes Core's <see cref="ReferenceSelection"/>s
/// (nested as the request nests them), and what Core found comes back as <c>PropertiesResult.ref_props</c>: one
/// <c>RefPropertiesResult</c> per requested property the object holds, each referenced object with its own properties
/// (those its request names; none named: every non-reference, non-blob one), metadata and target collection, as
/// Weaviate answers. <c>ref_props_requested</c> is set wherever references were asked for, so that clients tell
/// "asked, none stored" from "not asked".
/// </summary>
internal static class SearchReferences
{
    public static IReadOnlyList<ReferenceSelection> Selections(PropertiesRequest? request) =>
        request is null ? [] : request.RefProperties.Select(Selection).ToList();

    private static ReferenceSelection Selection(RefPropertiesRequest request)
    {
        if (request.Metadata is { } metadata) SearchMethod.CheckVectorNames(metadata);
        return new ReferenceSelection(request.ReferenceProperty)
        {
            TargetClass = request.TargetCollection.Length > 0 ? request.TargetCollection : null,
            IncludeVector = request.Metadata is { } m && (m.Vector || m.Vectors.Count > 0),
            Nested = Selections(request.Properties),
        };
    }

    /// <summary>
    /// Adds to <paramref name="result"/> what <paramref name="groups"/> found; the groups are those of
    /// <paramref name="request"/>'s ref_properties, in the same order (Core keeps the selections' order).
    /// </summary>
    public static void Write(PropertiesResult result, IReadOnlyList<ReferenceGroup> groups, PropertiesRequest request, SchemaService schema)
    {
        if (request.RefProperties.Count == 0) return;
        result.RefPropsRequested = true;
        for (var i = 0; i < groups.Count; i++)
        {
            if (!groups[i].Stored) continue;
            var asked = request.RefProperties[i];
            var names = SearchMethod.PropertyNames(asked.Properties);
            var metadata = asked.Metadata ?? new MetadataRequest();
            var found = new RefPropertiesResult { PropName = SchemaNames.PropertyNameFor(asked.ReferenceProperty) };
            foreach (var target in groups[i].Targets)
            {
                var o = target.Object;
                var properties = new PropertiesResult
                {
                    NonRefProps = PropertyValues.Of(o.Properties, schema.Find(o.Class)?.Properties ?? [], names),
                    TargetCollection = o.Class,
                    Metadata = SearchMethod.Metadata(new SearchHit(o), metadata),
                };
                if (asked.Properties is not null) Write(properties, target.References, asked.Properties, schema);
                found.Properties.Add(properties);
            }
            result.RefProps.Add(found);
        }
    }
}
