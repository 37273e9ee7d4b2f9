namespace Barge.Core.Filters;

/// <summary>The where-filter operators, spelled as on the wire (<see cref="FilterOperators.Parse"/>).</summary>
public enum FilterOperator
{
    And,
    Or,
    Not,
    Equal,
    NotEqual,
    GreaterThan,
    GreaterThanEqual,
    LessThan,
    LessThanEqual,
    Like,
    IsNull,
    WithinGeoRange,
    ContainsAny,
    ContainsAll,
    ContainsNone,
}

public static class FilterOperators
{
    /// <summary>Case-sensitive, like Weaviate's enum check.</summary>
    public static bool TryParse(string name, out FilterOperator op) =>
        Enum.TryParse(name, ignoreCase: false, out op) && Enum.IsDefined(op) && !int.TryParse(name, out _);

    /// <summary>And, Or and Not combine operands; every other operator compares a path with a value.</summary>
    public static bool IsCompound(this FilterOperator op) => op is FilterOperator.And or FilterOperator.Or or FilterOperator.Not;
}
