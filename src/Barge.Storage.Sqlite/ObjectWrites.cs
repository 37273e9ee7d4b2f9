using Barge.Core.Indexing;
using Barge.Core.Schema;
using Barge.Core.Objects;
using Barge.Core.Storage;
using Barge.Storage.Relational;

namespace Barge.Storage.Sqlite;

/// <summary>The key SQLite finds an object by: class, tenant ("" for none) and id as given.</summary>
internal readonly record struct RowKey(string Class, string Tenant, string Id);

/// <summary>An existing object's row: seq, creation time, properties as stored and keyword lengths (null when not kept).</summary>
internal readonly record struct ExistingRow(long Seq, long Created, string Properties, string? KeywordLengths) : IStoredRow;

/// <summary>
/// SQLite's object rows for the shared <see cref="WriteExecutor{TContext, TKey, TStored}"/>: each command reads and
/// writes its rows at once through prepared statements (one writer per database, nothing to lock), index rows are
/// staged in the in-memory segment of <see cref="IndexRows"/> and written to disk a part at a time. Replacing or deleting an object queues its
/// index rows for removal in the background (see <see cref="IndexGarbage"/>), which recomputes them from the stored
/// properties with the class from the live schema: no second index by seq, and no random index deletes on the hot path.
/// </summary>
/// <remarks>
/// The keyword index is kept exact at every commit: an object's keyword fields (computed by the preparer with its
/// entries) are staged with its entries and counted in the totals when it is written, and its keyword lengths are
/// kept in its row (<see cref="KeywordLengths"/>) so that removing it takes exactly those out of the totals; its
/// postings then wait for the collector like its other index rows, named dead by its garbage entry.
/// </remarks>
internal sealed class ObjectWrites(Func<string, ClassDefinition?> classes) : IObjectRows<WriteContext, RowKey, ExistingRow>
{
    private const string FindSql = "SELECT seq, created, properties, keyword_lengths FROM objects WHERE class = $p0 AND tenant = $p1 AND id = $p2";
    private const string KeywordLengthsSql = "SELECT keyword_lengths FROM objects WHERE seq = $p0";
    private const string LoadSql = "SELECT " + ObjectRows.Columns + ", o.seq FROM objects o WHERE o.class = $p0 AND o.tenant = $p1 AND o.id = $p2";
    private const string DeleteObjectSql = "DELETE FROM objects WHERE seq = $p0";
    private const string ProvenanceSql = "SELECT seq, properties, batch, batch_created FROM objects WHERE class = $p0 AND tenant = $p1 AND id = $p2";
    private const string QueueGarbageSql = "INSERT INTO idx_garbage(seq, class, properties, tenant) VALUES($p0, $p1, $p2, $p3)";
    private const string VectorDimsSql = "SELECT dimensions FROM class_vectors WHERE class = $p0";
    private const string SetVectorDimsSql = "INSERT INTO class_vectors(class, dimensions) VALUES($p0, $p1)";

    public RowKey? Key(string cls, string? tenant, string id) => new RowKey(cls, tenant ?? "", id);

    // Any id is a key here: Core's validation decides which ids are accepted.
    public string UnstorableId(string id) => throw new InvalidOperationException("SQLite keeps any id");

    public void BeginPuts(WriteContext ctx, IReadOnlyList<RowKey> keys) { }

    // An in-process read per object costs no round trip: nothing to gain from reading them together.
    public void BeginDeletes(WriteContext ctx, IReadOnlyList<RowKey> keys) { }

    public void Settle(WriteContext ctx) { }

    public void Flush(WriteContext ctx) => ctx.Index.Flush(ctx);

    public ExistingRow? Find(WriteContext ctx, RowKey key)
    {
        using var r = ctx.Statement(FindSql, 3).Set(0, key.Class).Set(1, key.Tenant).Set(2, key.Id).Command.ExecuteReader();
        return r.Read() ? new ExistingRow(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3)) : null;
    }

    public void Remove(WriteContext ctx, RowKey key, ExistingRow existing) =>
        Remove(ctx, key, existing.Seq, existing.Properties, existing.KeywordLengths);

    public void Insert(WriteContext ctx, RowKey key, StoredObject o, IReadOnlyList<IndexEntry> index, long? batch, bool created) =>
        Insert(ctx, key, o, index, null, batch, created);

    /// <summary>
    /// Writes the object with its keyword lengths. The keyword fields come with the command when the preparer
    /// computed them (every put of a validated object), off this single writer; only restores and trees built
    /// elsewhere leave them to be computed here, with the class from the live schema.
    /// </summary>
    public void Insert(WriteContext ctx, RowKey key, StoredObject o, IReadOnlyList<IndexEntry> index, IReadOnlyList<KeywordField>? keywords, long? batch, bool created)
    {
        keywords ??= classes(o.Class) is { } cls ? ObjectIndex.Of(cls, o, IndexKinds.Keywords).Keywords : [];
        var seq = ObjectInsertStatement.Insert(ctx, o, batch, created, KeywordLengths.Encode(keywords));
        ctx.Index.Insert(o.Class, key.Tenant, seq, index, keywords);
    }

    public bool Delete(WriteContext ctx, RowKey key)
    {
        if (Find(ctx, key) is not { } existing) return false;
        Remove(ctx, key, existing);
        return true;
    }

    public StoredProvenance? Provenance(WriteContext ctx, RowKey key)
    {
        using var r = ctx.Statement(ProvenanceSql, 3).Set(0, key.Class).Set(1, key.Tenant).Set(2, key.Id).Command.ExecuteReader();
        if (!r.Read()) return null;
        return new StoredProvenance(r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetInt64(2), !r.IsDBNull(3) && r.GetInt64(3) == 1);
    }

    public LoadedObject? Load(WriteContext ctx, RowKey key)
    {
        using var r = ctx.Statement(LoadSql, 3).Set(0, key.Class).Set(1, key.Tenant).Set(2, key.Id).Command.ExecuteReader();
        return r.Read() ? new LoadedObject(ObjectRows.Read(r), r.GetInt64(7), r.GetString(5)) : null;
    }

    /// <summary>
    /// The object's index rows are removed later by the collector; meanwhile they point at a seq that no object will
    /// ever have again, so no query can match them. Should the class have changed by then, rows that are not
    /// recomputed stay behind, just as harmless.
    /// </summary>
    public void RemoveStored(WriteContext ctx, RowKey key, long seq, string properties) =>
        Remove(ctx, key, seq, properties, ctx.Statement(KeywordLengthsSql, 1).Set(0, seq).Command.ExecuteScalar() as string);

    /// <summary>
    /// The object leaves the keyword totals with the lengths kept beside it; only an object written before they were
    /// kept (migration 0010) has its properties parsed and tokenized again for them.
    /// </summary>
    private void Remove(WriteContext ctx, RowKey key, long seq, string properties, string? keywordLengths)
    {
        ctx.Statement(QueueGarbageSql, 4).Set(0, seq).Set(1, key.Class).Set(2, properties).Set(3, key.Tenant).Command.ExecuteNonQuery();
        ctx.Index.Removed(key.Class, key.Tenant, keywordLengths is not null ? KeywordLengths.Decode(keywordLengths) : KeywordsOf(key.Class, properties));
        ctx.Statement(DeleteObjectSql, 1).Set(0, seq).Command.ExecuteNonQuery();
    }

    private IReadOnlyList<KeywordField> KeywordsOf(string className, string properties) =>
        classes(className) is { } cls ? ObjectIndex.Of(cls, properties, IndexKinds.Keywords).Keywords : [];

    public string? CheckVector(WriteContext ctx, StoredObject o)
    {
        if (o.Vector is not { Length: > 0 } vector) return null;
        var dims = ctx.Statement(VectorDimsSql, 1).Set(0, o.Class).Command.ExecuteScalar();
        if (dims is long d)
            return d == vector.Length ? null : $"new node has a vector with length {vector.Length}. Existing nodes have vectors with length {d}";
        ctx.Statement(SetVectorDimsSql, 2).Set(0, o.Class).Set(1, (long)vector.Length).Command.ExecuteNonQuery();
        return null;
    }

    public WriteOutcome RunOther(WriteContext ctx, WriteCommand command) => command switch
    {
        LinkRecords link => LinkRows.Link(ctx, link),
        UnlinkRecords unlink => LinkRows.Unlink(ctx, unlink),
        _ => throw new NotSupportedException(command.GetType().Name),
    };
}
