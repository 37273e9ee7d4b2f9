using Barge.Core.Errors;
using Barge.Core.Objects;

namespace Barge.Core.Query;

/// <summary>How many results a search may return, as Weaviate decides it from QUERY_DEFAULTS_LIMIT and QUERY_MAXIMUM_RESULTS.</summary>
internal static class QueryLimits
{
    /// <summary>
    /// The limit to apply. Unset, it is QUERY_DEFAULTS_LIMIT; but a vector search with a threshold and no limit returns
    /// everything within the threshold, capped at QUERY_MAXIMUM_RESULTS (Weaviate's search by distance). Otherwise offset
    /// plus limit beyond QUERY_MAXIMUM_RESULTS is refused, as Weaviate refuses it.
    /// </summary>
    public static int Resolve(int? limit, int offset, bool byThreshold, ObjectOptions options)
    {
        if (limit < 0) throw new UserInputException(QueryMessages.NegativeLimit);
        if (offset < 0) throw new UserInputException(QueryMessages.NegativeOffset);
        if (limit is null && byThreshold) return options.QueryMaximumResults;
        var resolved = limit ?? options.QueryDefaultsLimit;
        if ((long)offset + resolved > options.QueryMaximumResults) throw new UserInputException(QueryMessages.MaximumResultsExceeded);
        return resolved;
    }
}
