namespace Barge.Core.Filters;

/// <summary>
/// A validated where-filter tree (placeholder: the filter issue fills in operators and values).
/// Backends compile it to their own SQL.
/// </summary>
public abstract record FilterNode;
