using Barge.Core.Filters;
using Barge.Core.Objects;

namespace Barge.Core.Storage;

/// <summary>
/// A sort key for listing: property name (or <c>_creationTimeUnix</c>, <c>_lastUpdateTimeUnix</c>, <c>id</c>) and direction.
/// <see cref="JsonPath"/> (dot-separated field names) sorts by a field inside a text property that holds a JSON document (HAT data).
/// </summary>
public sealed record SortField(string Property, bool Descending, string? JsonPath = null);

/// <summary>
/// A listing request. Without sort or filter, objects come back by id ascending (Weaviate's order);
/// <see cref="After"/> is a cursor on that order and needs <see cref="Class"/>.
/// </summary>
public sealed record ListQuery(string? Class, string? Tenant, int Limit, int Offset, string? After, IReadOnlyList<SortField> Sort, FilterNode? Filter = null);

public sealed record ObjectPage(IReadOnlyList<StoredObject> Objects, long TotalResults);

/// <summary>
/// Matches of a filter in insertion order (oldest first): the ids of the first <c>limit</c> and the total count.
/// </summary>
public sealed record MatchResult(IReadOnlyList<string> Ids, long TotalMatches);
