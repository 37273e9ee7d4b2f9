using Barge.Core.Filters;
using Barge.Core.Objects;

namespace Barge.Core.Storage;

/// <summary>
/// A sort key for listing: property name (or <c>_creationTimeUnix</c>, <c>_lastUpdateTimeUnix</c>, <c>id</c>) and direction.
/// <see cref="JsonPath"/> (dot-separated field names) sorts by a field inside a text property that holds a JSON document (HAT data).
/// </summary>
public sealed record SortField(string Property, bool Descending, string? JsonPath = null);

/// <summary>
/// A listing request. Without sort, objects come back by id ascending (Weaviate's order); <see cref="After"/> is a
/// cursor on that order and needs <see cref="Class"/>. Without sort a store answers a cursor page by seeking its
/// (class, tenant, id) index, so each page costs what it returns, however far into the class it is (with a filter,
/// the seek walks on in id order until it has the page's matches).
/// </summary>
public sealed record ListQuery(string? Class, string? Tenant, int Limit, int Offset, string? After, IReadOnlyList<SortField> Sort, FilterNode? Filter = null)
{
    /// <summary>
    /// Whether <see cref="ObjectPage.TotalResults"/> counts every match. Counting visits all of them, so a caller that
    /// does not report the total (searches, cursor pages, lookups by id) turns it off and pays for the page only.
    /// </summary>
    public bool CountTotal { get; init; } = true;

    /// <summary>Whether the objects carry their vectors; reading them is most of a row's bytes, so callers that never show them leave them out.</summary>
    public bool WithVectors { get; init; } = true;
}

/// <param name="TotalResults">Every match of the class, tenant and filter (the cursor and paging aside); null when the query did not ask (<see cref="ListQuery.CountTotal"/>).</param>
public sealed record ObjectPage(IReadOnlyList<StoredObject> Objects, long? TotalResults);

/// <summary>
/// Matches of a filter in insertion order (oldest first): the ids of the first <c>limit</c> and the total count.
/// </summary>
public sealed record MatchResult(IReadOnlyList<string> Ids, long TotalMatches);
