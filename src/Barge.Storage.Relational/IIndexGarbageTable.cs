using System.Text.Json.Nodes;
using Barge.Core.Indexing;
using Barge.Core.Schema;

namespace Barge.Storage.Relational;

/// <summary>
/// A store's SQL for <see cref="IndexGarbageCollector{TContext}"/>: its garbage table and its index tables differ by
/// dialect (SQLite keys index rows by partition and seq, PostgreSQL by seq and id, in unnest batches).
/// </summary>
public interface IIndexGarbageTable<in TContext>
{
    /// <summary>The oldest queued entries, at most <paramref name="limit"/>, that this node may collect.</summary>
    IReadOnlyList<GarbageEntry> Take(TContext ctx, int limit);

    /// <summary>Deletes the index rows of <paramref name="collected"/> (rows never written are no error).</summary>
    void DeleteIndexRows(TContext ctx, IReadOnlyList<CollectedGarbage> collected);

    /// <summary>Removes <paramref name="collected"/> from the garbage table.</summary>
    void Drop(TContext ctx, IReadOnlyList<CollectedGarbage> collected);
}

/// <summary>
/// A queued entry: the seq the object had, its id where the store's index rows carry it (PostgreSQL; empty
/// otherwise), its class and the properties its index rows were computed from.
/// </summary>
public readonly record struct GarbageEntry(long Seq, Guid Id, string Class, string Properties);

/// <summary>
/// An entry with the index rows recomputed from its properties and its class. <see cref="Keywords"/> are the object's
/// keyword fields, recomputed with the entries in one pass (see <see cref="ObjectIndex"/>): a store with a keyword
/// index reads them instead of tokenizing the properties again.
/// </summary>
public readonly record struct CollectedGarbage(GarbageEntry Garbage, IReadOnlyList<IndexEntry> Entries, ClassDefinition Class, IReadOnlyList<KeywordField> Keywords);
