using Barge.Core.Indexing;
using Barge.Core.Objects;
using Barge.Core.Schema;
using Barge.Core.Storage;
using Barge.Storage.Relational;
using NpgsqlTypes;

namespace Barge.Storage.Postgres;

/// <summary>The key objects are unique by; the id as the uuid it is stored as.</summary>
internal readonly record struct ObjectKey(string Class, string Tenant, Guid Id);

/// <summary>
/// What the executor knows of an object since the last flush: stored (seq, creation time; the properties are not
/// read, see <see cref="PgPendingRows"/>), written in this flush and not yet copied (<see cref="Pending"/>), or absent.
/// </summary>
internal readonly record struct KnownObject(bool Exists, long Seq, long Created, string? Properties, PendingObject? Pending) : IStoredRow
{
    public static readonly KnownObject Absent = new(false, 0, 0, null, null);
}

internal sealed class PendingObject(StoredObject o, IReadOnlyList<IndexEntry> index, IReadOnlyList<KeywordField>? keywords, long? batch, bool created)
{
    public StoredObject Object { get; } = o;
    public IReadOnlyList<IndexEntry> Index { get; } = index;
    /// <summary>The keyword fields the preparer computed with the entries; null when the command came without them.</summary>
    public IReadOnlyList<KeywordField>? Keywords { get; } = keywords;
    public long? Batch { get; } = batch;
    public bool Created { get; } = created;
    /// <summary>Replaced or deleted before the flush: never copied, so it needs no garbage row either.</summary>
    public bool Dropped { get; set; }
}

/// <summary>
/// Object writes buffered between flushes, so that a run of puts costs a few round trips whatever its length: object
/// rows to delete (with their garbage rows), new object rows and their index rows. <see cref="Flush"/> writes them with one
/// statement or one binary COPY per table. Commands that read current state flush first.
/// </summary>
internal sealed class PgPendingRows
{
    // The deleted rows' index entries are queued for the collector, and their keyword lengths taken out of the totals,
    // from what the delete returns, in the same statement: the properties never travel to the client and back.
    private const string DeleteSql =
        "WITH d AS (DELETE FROM objects WHERE (id, seq) IN (SELECT * FROM unnest($1::uuid[], $2::bigint[])) RETURNING " +
        PgKeywordTotals.DeletedColumns + ")" + PgKeywordTotals.DeletedObjects;
    private const string SeqSql = "SELECT nextval('objects_seq') FROM generate_series(1, $1)";
    private const string CopyObjectsSql =
        "COPY objects(seq, class, tenant, id, created, updated, properties, vector, batch, batch_created, keyword_properties, keyword_lengths) FROM STDIN (FORMAT BINARY)";

    private readonly Dictionary<ObjectKey, KnownObject> _known = [];
    private readonly Dictionary<ObjectKey, StoredProvenance?> _provenance = [];
    private readonly List<PendingObject> _inserts = [];
    private readonly List<(Guid Id, long Seq)> _deletes = [];
    private readonly Func<string, ClassDefinition?> _classes;
    private readonly PgKeywordRows _keywords = new();

    public PgPendingRows(Func<string, ClassDefinition?> classes) => _classes = classes;

    public bool TryGetKnown(ObjectKey key, out KnownObject known) => _known.TryGetValue(key, out known);

    public void SetKnown(ObjectKey key, KnownObject known) => _known[key] = known;

    /// <summary>What undo's one read found under <paramref name="key"/> (null: no such object), until the next flush.</summary>
    public void SetProvenance(ObjectKey key, StoredProvenance? read) => _provenance[key] = read;

    public bool TryGetProvenance(ObjectKey key, out StoredProvenance? read) => _provenance.TryGetValue(key, out read);

    public void Clear()
    {
        _known.Clear();
        _provenance.Clear();
        _inserts.Clear();
        _deletes.Clear();
    }

    public void Insert(ObjectKey key, StoredObject o, IReadOnlyList<IndexEntry> index, IReadOnlyList<KeywordField>? keywords, long? batch, bool created)
    {
        var pending = new PendingObject(o, index, keywords, batch, created);
        _inserts.Add(pending);
        _known[key] = new KnownObject(true, 0, o.CreationTimeUnix, null, pending);
    }

    /// <summary>
    /// Removes the known object: a stored one is deleted at the flush and its index rows queued for the collector
    /// (<see cref="PgIndexGarbage"/>); a pending one is simply never written.
    /// </summary>
    public void Remove(ObjectKey key, KnownObject known)
    {
        if (known.Pending is { } pending) pending.Dropped = true;
        else _deletes.Add((key.Id, known.Seq));
        _known[key] = KnownObject.Absent;
        if (_provenance.ContainsKey(key)) _provenance[key] = null; // removed: a second undo of it finds nothing
    }

    public void Flush(PgWriteContext ctx)
    {
        // Deletes first: the new row of a replaced object takes the same (class, tenant, id).
        if (_deletes.Count > 0) DeleteObjects(ctx);
        var live = _inserts.Where(p => !p.Dropped).ToList();
        ctx.ObjectRowsChanged(_deletes.Count + live.Count);
        if (live.Count > 0)
        {
            var seqs = TakeSeqs(ctx, live.Count);
            var keywords = new IReadOnlyList<KeywordField>[live.Count];
            for (var i = 0; i < live.Count; i++) keywords[i] = KeywordsOf(live[i]);
            CopyObjects(ctx, live, seqs, keywords);
            PgIndexRowWriter.Copy(ctx, live, seqs);
            _keywords.Write(ctx, live, seqs, keywords);
        }
        Clear();
    }

    private void DeleteObjects(PgWriteContext ctx)
    {
        _deletes.Sort(); // see CopyObjects: one lock order for every node
        using var cmd = ctx.Command(DeleteSql);
        cmd.Parameters.Add(new() { Value = _deletes.Select(d => d.Id).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        cmd.Parameters.Add(new() { Value = _deletes.Select(d => d.Seq).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        // Fewer rows than read: another node replaced or deleted some since; the retry re-reads them.
        if ((long)cmd.ExecuteScalar()! != _deletes.Count) throw new ConcurrentChangeException("objects changed while being replaced");
    }

    private static long[] TakeSeqs(PgWriteContext ctx, int count)
    {
        var seqs = new long[count];
        using var cmd = ctx.Command(SeqSql);
        cmd.Parameters.AddWithValue(count);
        using var r = cmd.ExecuteReader();
        for (var i = 0; i < count && r.Read(); i++) seqs[i] = r.GetInt64(0);
        Array.Sort(seqs); // insertion order
        return seqs;
    }

    /// <summary>
    /// Rows are sent in id order (their seqs still follow the commands): two nodes writing the same objects then wait
    /// for each other's unique keys in the same order instead of deadlocking.
    /// </summary>
    private static void CopyObjects(PgWriteContext ctx, List<PendingObject> live, long[] seqs, IReadOnlyList<KeywordField>[] keywords)
    {
        var order = Enumerable.Range(0, live.Count).Select(i => (Id: Guid.Parse(live[i].Object.Id), Index: i)).ToArray();
        Array.Sort(order);
        using var w = ctx.Connection.BeginBinaryImport(CopyObjectsSql);
        foreach (var (id, i) in order)
        {
            var p = live[i];
            var o = p.Object;
            w.StartRow();
            w.Write(seqs[i], NpgsqlDbType.Bigint);
            w.Write(o.Class, NpgsqlDbType.Text);
            w.Write(PgText.Tenant(o.Tenant), NpgsqlDbType.Text);
            w.Write(id, NpgsqlDbType.Uuid);
            w.Write(o.CreationTimeUnix, NpgsqlDbType.Bigint);
            w.Write(o.LastUpdateTimeUnix, NpgsqlDbType.Bigint);
            w.Write(o.PropertiesJson(), NpgsqlDbType.Text);
            if (VectorEncoding.ToBytes(o.Vector) is { } vector) w.Write(vector, NpgsqlDbType.Bytea); else w.WriteNull();
            if (p.Batch is { } batch)
            {
                w.Write(batch, NpgsqlDbType.Bigint);
                w.Write(p.Created, NpgsqlDbType.Boolean);
            }
            else
            {
                w.WriteNull();
                w.WriteNull();
            }
            var (properties, lengths) = PgKeywordRows.Columns(keywords[i]);
            if (properties is null) w.WriteNull(); else w.Write(properties, NpgsqlDbType.Array | NpgsqlDbType.Text);
            if (lengths is null) w.WriteNull(); else w.Write(lengths, NpgsqlDbType.Array | NpgsqlDbType.Integer);
        }
        w.Complete();
    }

    /// <summary>
    /// An object's keyword (BM25F) values: as the preparer computed them with its entries, else (a command that came
    /// without them) its searchable properties tokenized here by the class's definition.
    /// </summary>
    private IReadOnlyList<KeywordField> KeywordsOf(PendingObject p) =>
        p.Keywords ?? (_classes(p.Object.Class) is { } cls ? ObjectIndex.Of(cls, p.Object, IndexKinds.Keywords).Keywords : []);
}
