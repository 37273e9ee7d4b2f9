using System.Diagnostics.CodeAnalysis;

namespace Barge.Core.Schema;

/// <summary>
/// The outcome of a schema check: the normalized value, or the one error message a Weaviate server would give
/// (validation stops at the first problem, as Weaviate's does).
/// </summary>
public sealed record SchemaCheck<T>(T? Value, string? Error) where T : class
{
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsOk => Error is null;

    public static SchemaCheck<T> Ok(T value) => new(value, null);
    public static SchemaCheck<T> Fail(string error) => new(null, error);
}
