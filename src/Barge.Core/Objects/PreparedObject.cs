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
/// Either a prepared object or the first check it failed, with its code and Weaviate's text (no prefix);
/// <see cref="Forbidden"/> when that check was the caller's right to write the class.
/// </summary>
public readonly record struct PrepareResult(PreparedObject? Prepared, Errors.ItemError? Error)
{
    public bool Forbidden => Error?.Code == Errors.ItemErrorCode.Forbidden;

    public static PrepareResult Fail(Errors.ItemErrorCode code, string message) => new(null, new Errors.ItemError(code, message));
}
