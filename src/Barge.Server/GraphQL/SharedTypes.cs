using GraphQL.Types;

namespace Barge.Server.GraphQL;

/// <summary>Types every class's fields share (a GraphQL schema holds one type per name).</summary>
internal sealed class SharedTypes
{
    public EnumerationGraphType SortOrder { get; }

    /// <summary>Hybrid search's <c>fusionType</c> (Weaviate's <c>FusionEnum</c>).</summary>
    public EnumerationGraphType FusionType { get; }

    public SharedTypes()
    {
        SortOrder = new EnumerationGraphType { Name = "SortOrderEnum" };
        SortOrder.Add("asc", "asc");
        SortOrder.Add("desc", "desc");
        FusionType = new EnumerationGraphType { Name = "FusionEnum" };
        FusionType.Add("rankedFusion", Core.Query.FusionType.Ranked);
        FusionType.Add("relativeScoreFusion", Core.Query.FusionType.RelativeScore);
    }
}
