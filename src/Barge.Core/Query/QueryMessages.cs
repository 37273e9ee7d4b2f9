namespace Barge.Core.Query;

/// <summary>The texts of the query engine's user errors, Weaviate's where Weaviate has one.</summary>
public static class QueryMessages
{
    public static string NoSuchClass(string cls) => $"could not find class {cls} in schema";

    public const string MaximumResultsExceeded = "query maximum results exceeded";

    public const string NegativeLimit = "limit must not be negative";

    public const string NegativeOffset = "offset must not be negative";

    /// <summary>Weaviate's distancer error (the query's length first, then the stored vectors').</summary>
    public static string VectorLengthMismatch(int query, int stored) => $"{query} vs {stored}: vector lengths don't match";

    public static string CertaintyUnsupported(DistanceMetric metric) =>
        $"can't compute and return certainty when vector index is configured with {metric.Name()} distance";

    public const string DistanceAndCertainty = "cannot provide distance and certainty at the same time";

    public const string EmptyVector = "nearVector: the vector must not be empty";

    public static string BadNearObjectId(string id) => $"nearObject: invalid id '{id}': must be a uuid";

    public static string NearObjectNotFound(string id, string cls) => $"nearObject: no object with id '{id}' in class '{cls}'";

    public static string NearObjectWithoutVector(string id) => $"nearObject: object '{id}' has no vector";

    public static string BadCursor(string after) => $"cursor api: invalid 'after' parameter: after must be a uuid, got '{after}'";

    /// <summary>A cursor pages by id through the whole class: anything that reorders or narrows it conflicts (Weaviate's list).</summary>
    public static string CursorConflicts(IEnumerable<string> parameters) =>
        $"{string.Join(",", parameters)} cannot be set with after and limit parameters";

    public const string SortWithVectorSearch = "sort cannot be combined with a vector search: results are ordered by distance";

    public const string VectorSearchNeedsLimit = "must provide certainty or objectLimit with vector search";

    public static string NoSuchProperty(string prop, string cls) =>
        $"no such prop with name '{prop}' found in class '{cls}' in the schema. Check your schema files for which properties in this class are available";

    public static string NotAReference(string prop, string cls) =>
        $"property '{prop}' of class '{cls}' is not a reference property: only references can be returned as references";

    /// <summary>Weaviate's text (its missing space included) for a multi-target reference selected without a target collection.</summary>
    public static string TargetCollectionNeeded(string cls, string prop, IEnumerable<string> targets) =>
        $"multi target references from collection {cls} and property {prop} with need an explicitlinked collection. Available linked collections are [{string.Join(" ", targets)}]";

    public static string NotAReferenceTarget(string target, string cls, string prop, IEnumerable<string> targets) =>
        $"class '{target}' is not a target of reference property '{prop}' of class '{cls}', expected one of [{string.Join(", ", targets)}]";

    public static string CannotAggregate(string prop, string dataType) => $"cannot aggregate property '{prop}' of type {dataType}";

    public static string CannotGroupBy(string prop, string dataType) => $"cannot group by property '{prop}' of type {dataType}";
}
