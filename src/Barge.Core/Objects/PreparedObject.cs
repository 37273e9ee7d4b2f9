using Barge.Core.Indexing;
using Barge.Core.Schema;

namespace Barge.Core.Objects;

/// <summary>An object that passed validation: what to store, its index entries and its class as validated.</summary>
public sealed record PreparedObject(StoredObject Object, IReadOnlyList<IndexEntry> Index, ClassDefinition Class);

/// <summary>
/// Either a prepared object or the message of the first check it failed (Weaviate's text, no prefix);
/// <see cref="Forbidden"/> when that check was the caller's right to write the class.
/// </summary>
public readonly record struct PrepareResult(PreparedObject? Prepared, string? Error, bool Forbidden = false)
{
    public static PrepareResult Fail(string error) => new(null, error);
}
