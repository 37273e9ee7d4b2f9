using Barge.Core.Objects;
using Barge.Core.Query;
using Barge.Core.Query.References;

namespace Barge.Server.GraphQL;

/// <summary>
/// What a Get class field resolves each result to: the object, what the search measured (distance, certainty) and the
/// referenced objects its selection asked for, by reference property. Field resolvers read from it; a reference
/// property resolves to the <see cref="ObjectNode"/>s of its targets, whose union type is picked by their class.
/// </summary>
internal sealed class ObjectNode(StoredObject o, SearchHit? hit)
{
    public StoredObject Object { get; } = o;
    public float? Distance => hit?.Distance;
    public double? Certainty => hit?.Certainty;
    public float? Score => hit?.Score;
    public string? ExplainScore => hit?.ExplainScore;

    /// <summary>Targets per reference property, in the order of the selections that found them (null: the object holds no such property).</summary>
    public Dictionary<string, List<ObjectNode>> References { get; } = new(StringComparer.Ordinal);

    /// <summary>The nodes of a page of hits, each carrying what the query's reference selections found on it.</summary>
    public static List<ObjectNode> Of(SearchResult result) =>
        result.Hits.Select(h => With(new ObjectNode(h.Object, h), h.References)).ToList();

    private static ObjectNode With(ObjectNode node, IReadOnlyList<ReferenceGroup> groups)
    {
        foreach (var group in groups)
        {
            if (!group.Stored) continue;
            var property = Core.Schema.SchemaNames.PropertyNameFor(group.Selection.Property);
            if (!node.References.TryGetValue(property, out var list)) node.References[property] = list = [];
            list.AddRange(group.Targets.Select(t => With(new ObjectNode(t.Object, null), t.References)));
        }
        return node;
    }
}
