using Barge.Core.Filters;

namespace Barge.Server.Weaviate.Filters;

/// <summary>Either a parsed filter or the exact error text Weaviate gives for the input.</summary>
public sealed record FilterParseResult(FilterNode? Filter, string? Error)
{
    public bool Succeeded => Error is null;
    public static FilterParseResult Ok(FilterNode filter) => new(filter, null);
    public static FilterParseResult Fail(string error) => new(null, error);
}
