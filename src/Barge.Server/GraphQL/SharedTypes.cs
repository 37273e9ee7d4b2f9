using GraphQL.Types;

namespace Barge.Server.GraphQL;

/// <summary>Types every class's fields share (a GraphQL schema holds one type per name).</summary>
internal sealed class SharedTypes
{
    public EnumerationGraphType SortOrder { get; }

    public SharedTypes()
    {
        SortOrder = new EnumerationGraphType { Name = "SortOrderEnum" };
        SortOrder.Add("asc", "asc");
        SortOrder.Add("desc", "desc");
    }
}
