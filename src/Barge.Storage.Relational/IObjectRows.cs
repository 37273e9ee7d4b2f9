using Barge.Core.Indexing;
using Barge.Core.Objects;
using Barge.Core.Storage;

namespace Barge.Storage.Relational;

/// <summary>
/// A store's object rows as <see cref="WriteExecutor{TContext, TKey, TStored}"/> uses them: how objects are found,
/// written and removed in its dialect, and whatever it buffers between commands. The rules (put modes, undo,
/// modify and merge-upsert, vector length) are the executor's; nothing here decides an outcome.
/// </summary>
/// <typeparam name="TKey">What the store finds an object by (class, tenant and the id as the store keeps it).</typeparam>
/// <typeparam name="TStored">What the store knows of an existing object before replacing it.</typeparam>
public interface IObjectRows<in TContext, TKey, TStored> where TKey : struct where TStored : struct, IStoredRow
{
    /// <summary>The key of an object; null when the store cannot hold this id at all (see <see cref="UnstorableId"/>).</summary>
    TKey? Key(string cls, string? tenant, string id);

    /// <summary>The error of a write that creates an object under an id the store cannot hold.</summary>
    string UnstorableId(string id);

    /// <summary>Before a run of puts: the keys they name (not those of new ids), to look up together if the store can.</summary>
    void BeginPuts(TContext ctx, IReadOnlyList<TKey> keys);

    /// <summary>
    /// Before a run of deletes (after <see cref="Settle"/>): the keys they name, to read and lock together if the store
    /// can, so that <see cref="Delete"/> and <see cref="Provenance"/> answer each from that one read instead of a round
    /// trip per object.
    /// </summary>
    void BeginDeletes(TContext ctx, IReadOnlyList<TKey> keys);

    /// <summary>Before any command other than a put: write what puts buffered, so that the command reads current rows.</summary>
    void Settle(TContext ctx);

    /// <summary>After the last command: write everything still buffered.</summary>
    void Flush(TContext ctx);

    /// <summary>The object under <paramref name="key"/> as earlier commands left it, or null.</summary>
    TStored? Find(TContext ctx, TKey key);

    /// <summary>Removes an object <see cref="Find"/> returned; its index rows go to the garbage collector.</summary>
    void Remove(TContext ctx, TKey key, TStored existing);

    void Insert(TContext ctx, TKey key, StoredObject o, IReadOnlyList<IndexEntry> index, long? batch, bool created);

    /// <summary>
    /// <see cref="Insert(TContext, TKey, StoredObject, IReadOnlyList{IndexEntry}, long?, bool)"/> with the object's
    /// keyword fields when its writer computed them with the entries (null when not): a store with a keyword index
    /// keeps them without tokenizing on its writer; a store without one ignores them.
    /// </summary>
    void Insert(TContext ctx, TKey key, StoredObject o, IReadOnlyList<IndexEntry> index, IReadOnlyList<KeywordField>? keywords, long? batch, bool created) =>
        Insert(ctx, key, o, index, batch, created);

    /// <summary>Deletes the object under <paramref name="key"/>; false when there is none.</summary>
    bool Delete(TContext ctx, TKey key);

    /// <summary>The stored row with the batch that wrote it last (for undo), locked against other writers; null when absent.</summary>
    StoredProvenance? Provenance(TContext ctx, TKey key);

    /// <summary>The stored object, locked against other writers, for a read-modify-write; null when absent.</summary>
    LoadedObject? Load(TContext ctx, TKey key);

    /// <summary>Removes the stored row <paramref name="seq"/> read by <see cref="Provenance"/> or <see cref="Load"/>.</summary>
    void RemoveStored(TContext ctx, TKey key, long seq, string properties);

    /// <summary>
    /// Binds the class to the vector length of its first vector; the error when <paramref name="o"/>'s vector differs
    /// from it, else null.
    /// </summary>
    string? CheckVector(TContext ctx, StoredObject o);

    /// <summary>A command the shared rules do not cover (HAT link groups); throws <see cref="NotSupportedException"/> for unknown ones.</summary>
    WriteOutcome RunOther(TContext ctx, WriteCommand command);
}

/// <summary>What the executor needs of an existing object: its creation time, kept by a replacing PUT.</summary>
public interface IStoredRow
{
    long Created { get; }
}

/// <summary>A stored row's seq and properties (as stored), and the batch that wrote it last and whether it created it.</summary>
public readonly record struct StoredProvenance(long Seq, string Properties, long? Batch, bool CreatedByBatch);

/// <summary>A stored object with its row's seq and its properties as stored.</summary>
public readonly record struct LoadedObject(StoredObject Current, long Seq, string Properties);
