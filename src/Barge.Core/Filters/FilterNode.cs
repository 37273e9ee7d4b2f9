namespace Barge.Core.Filters;

/// <summary>
/// A where-filter tree. A dialect's filter parser produces <see cref="CompoundFilter"/> and <see cref="ClauseFilter"/>
/// nodes; <see cref="FilterValidator"/> turns clauses into the storage-level conditions below, which backends compile.
/// </summary>
public abstract record FilterNode;

/// <summary>And / Or / Not over operands (Not has exactly one). Used both before and after validation.</summary>
public sealed record CompoundFilter(FilterOperator Operator, IReadOnlyList<FilterNode> Operands) : FilterNode;

/// <summary>A parsed, not yet validated comparison: path as sent (without the root class) and its value.</summary>
public sealed record ClauseFilter(FilterOperator Operator, IReadOnlyList<string> Path, FilterValue Value) : FilterNode;

/// <summary>How a storage condition compares the stored value with the filter values.</summary>
public enum Comparison
{
    /// <summary>Equal to any of the values (one value for a plain Equal, several for ContainsAny).</summary>
    In,
    GreaterThan,
    GreaterThanEqual,
    LessThan,
    LessThanEqual,
    /// <summary>Anchored wildcard match: <c>*</c> any run, <c>?</c> one character. The value is the pattern.</summary>
    Like,
}

/// <summary>
/// Objects of <paramref name="Class"/> having an inverted-index entry under <paramref name="Key"/> whose value compares true.
/// Values are <see cref="long"/>, <see cref="double"/> or <see cref="string"/> exactly as <see cref="Indexing.IndexEntries"/> stores them.
/// </summary>
public sealed record IndexCondition(string Class, string Key, Comparison Comparison, IReadOnlyList<object> Values) : FilterNode
{
    /// <summary>
    /// Whether an object holds at most one value under <see cref="Key"/> (a scalar property, a length, a null state):
    /// then two bounds on the key must hold for the same value, and <see cref="RangeMerge"/> may join them.
    /// </summary>
    public bool SingleValued { get; init; }

    /// <summary>
    /// An upper bound the same stored value must also be within, when this condition is the lower bound of a range
    /// (see <see cref="RangeMerge"/>): the index then reads only the values between the two.
    /// </summary>
    public ValueBound? Upper { get; init; }
}

/// <summary>One comparison with one value (<see cref="IndexCondition.Upper"/>).</summary>
public sealed record ValueBound(Comparison Comparison, object Value);

/// <summary>Objects of <paramref name="Class"/> whose reference property points at some object of <paramref name="TargetClass"/> matching <paramref name="Target"/>.</summary>
public sealed record ReferenceCondition(string Class, string ReferenceProperty, string TargetClass, FilterNode Target) : FilterNode;

/// <summary>Objects of <paramref name="Class"/> whose geoCoordinates property lies within the range (great-circle distance).</summary>
public sealed record GeoCondition(string Class, string Property, GeoRange Range) : FilterNode;

/// <summary>The object-row columns a filter can address directly.</summary>
public enum ObjectColumn { Id, CreationTime, LastUpdateTime }

/// <summary>A comparison on an object-row column: id (lower-case string) or a timestamp (epoch ms, long).</summary>
public sealed record ColumnCondition(ObjectColumn Column, Comparison Comparison, IReadOnlyList<object> Values) : FilterNode;

/// <summary>Matches every object (true) or none (false), e.g. an Equal whose value has no tokens.</summary>
public sealed record ConstantFilter(bool Matches) : FilterNode;

/// <summary>
/// A clause that is well-formed but cannot be searched with this class's index settings (timestamps, null state,
/// property length not indexed; only stopwords). Weaviate reports these at search time (HTTP 500), so validation
/// succeeds and the backend raises <see cref="Errors.StoreException"/> with this message when it meets the node.
/// </summary>
public sealed record UnsearchableFilter(string Message) : FilterNode;
