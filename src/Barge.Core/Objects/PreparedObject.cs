using Barge.Core.Indexing;
using Barge.Core.Schema;
using Barge.Core.Storage;

namespace Barge.Core.Objects;

/// <summary>
/// An object that passed validation: what to store, its index entries and its class as validated, and its keyword
/// fields (computed here with the entries, from one tokenization, so that the store's writer does not tokenize again).
/// </summary>
public sealed record PreparedObject(StoredObject Object, IReadOnlyList<IndexEntry> Index, ClassDefinition Class, IReadOnlyList<KeywordField> Keywords)
{
    /// <summary>The put of this object, carrying what it puts in the indexes.</summary>
    public PutObject Put(PutMode mode) => new(Object, Index, mode, Keywords);
}

/// <summary>
/// Either a prepared object or the message of the first check it failed (Weaviate's text, no prefix);
/// <see cref="Forbidden"/> when that check was the caller's right to write the class.
/// </summary>
public readonly record struct PrepareResult(PreparedObject? Prepared, string? Error, bool Forbidden = false)
{
    public static PrepareResult Fail(string error) => new(null, error);
}
