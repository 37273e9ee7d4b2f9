using System.Buffers;
using Barge.Core.Indexing;
using Barge.Storage.Relational;

namespace Barge.Storage.Sqlite;

/// <summary>
/// Writes and collects the inverted index's posting rows (see <see cref="PostingLists"/> and
/// Migrations/0007_postings.sql). A commit's entries go to the in-memory <see cref="IndexSegment"/> (staged during
/// the transaction, published once it commits); <see cref="Flush"/> writes each part the writer has moved past as
/// one row per (field, value), in key order, in multi-row statements, and records the flushed high-water seq in the
/// same transaction (Migrations/0008_index_segment.sql). Index keys are stored as field ids (one per class and key),
/// cached here; the cache is dropped when a transaction rolls back, since ids created in it no longer exist.
/// </summary>
internal sealed class IndexRows
{
    private const int RowsPerStatement = 32;
    private readonly Dictionary<(string Class, string Key), long> _fields = [];
    private readonly IndexSegment _segment;
    private readonly PostingBatch _inserts = new();
    private readonly PostingBatch _deletes = new();
    private readonly ArrayBufferWriter<byte> _json = new();
    private readonly List<long> _merged = [];
    // A segment's keyword list copied out for the codec, reused from list to list.
    private readonly List<KeywordPosting> _postings = [];
    private readonly KeywordRows _keywords = new();

    // Bound by position through the raw API (see RawStatement): two shapes keep the number of prepared statements small.
    private static readonly string InsertManySql = InsertSql(RowsPerStatement);
    private static readonly string InsertOneSql = InsertSql(1);

    private static string InsertSql(int rows) =>
        "INSERT INTO postings(part, field, v, first, seqs) VALUES " +
        string.Join(", ", Enumerable.Range(0, rows).Select(r => $"(?{r * 5 + 1}, ?{r * 5 + 2}, ?{r * 5 + 3}, ?{r * 5 + 4}, ?{r * 5 + 5})"));

    // v = … also matches a key's rows whose value has the other numeric type (1 and 1.0), which PostingKeyComparer treats as one key.
    private const string ReadKeySql = "SELECT seqs FROM postings WHERE part = $p0 AND field = $p1 AND v = $p2";
    private const string DeleteKeySql = "DELETE FROM postings WHERE part = $p0 AND field = $p1 AND v = $p2";
    private const string SetFlushedSql = "UPDATE index_state SET flushed = $p0";

    private readonly bool _writeAtEveryCommit;

    public IndexRows(IndexSegment segment, bool writeAtEveryCommit)
    {
        _segment = segment;
        _writeAtEveryCommit = writeAtEveryCommit;
    }

    public IndexSegment Segment => _segment;

    /// <summary>After a commit: the staged entries become visible to filters, flushed parts leave memory.</summary>
    public void Committed() => _segment.Publish();

    /// <summary>A class was deleted in this transaction: its field ids are gone, and its lists leave the segment at commit.</summary>
    public void ForgetClass(string cls)
    {
        _fields.Clear();
        _segment.StageClassDrop(cls);
    }

    /// <summary>After a rollback: forget field ids and queued entries of the transaction that is gone.</summary>
    public void ForgetUncommitted()
    {
        _fields.Clear();
        _keywords.ForgetUncommitted();
        _inserts.Clear();
        _deletes.Clear();
        _segment.DropStaged();
    }

    /// <summary>
    /// Stages an object's entries and keyword fields in the segment (published at commit, written when its part is
    /// complete), and counts it in the keyword totals (written with this transaction).
    /// </summary>
    public void Insert(string cls, string tenant, long seq, IReadOnlyList<IndexEntry> entries, IReadOnlyList<KeywordField> keywords)
    {
        _segment.Stage(cls, seq, entries, tenant, keywords);
        _keywords.Count(cls, tenant, keywords, +1);
    }

    /// <summary>A deleted or replaced object leaves the keyword totals now; its postings go with the garbage collector.</summary>
    public void Removed(string cls, string tenant, IReadOnlyList<KeywordField> keywords) => _keywords.Count(cls, tenant, keywords, -1);

    /// <summary>Queues the removal of a dead seq's keyword postings (the garbage collector's).</summary>
    public void DeleteKeywords(WriteContext ctx, string cls, string tenant, long seq, IReadOnlyList<KeywordField> keywords)
    {
        foreach (var field in keywords)
            if (FieldId(ctx, cls, IndexKeys.Keyword(field.Property, tenant), create: false) is { } id)
                foreach (var term in field.Terms) _keywords.QueueDelete(id, term.Term, seq);
    }

    /// <summary>Queues the removal of a dead seq's entries (the garbage collector's; see <see cref="IndexGarbage"/>).</summary>
    public void Delete(WriteContext ctx, string cls, long seq, IReadOnlyList<IndexEntry> entries)
    {
        foreach (var entry in entries)
        {
            // A key that was never written has no field id and no rows.
            if (FieldId(ctx, cls, entry.Property, create: false) is { } field) _deletes.Add(field, entry.Value, seq);
        }
    }

    /// <summary>
    /// Writes the segment's complete parts, then rewrites the keys that hold dead seqs. The garbage collector only
    /// takes seqs at or below the flushed mark, which are on disk by then (see <see cref="IndexGarbage"/>).
    /// </summary>
    public void Flush(WriteContext ctx)
    {
        FlushCompleteParts(ctx);
        _keywords.WriteTotals(ctx);
        _keywords.RewriteDeleted(ctx);
        if (_deletes.Count > 0)
        {
            foreach (var (key, dead) in _deletes.Sorted()) RewriteWithout(ctx, key, dead);
            _deletes.Clear();
        }
    }

    /// <summary>
    /// Writes every part the writer has moved past as posting rows and raises the high-water mark to the part's last
    /// seq, in the current transaction; the segment retires those parts when it commits. A crash before the commit
    /// leaves the old mark, and the restart rebuilds the parts from the objects above it.
    /// </summary>
    private void FlushCompleteParts(WriteContext ctx)
    {
        if (_writeAtEveryCommit)
        {
            WriteEverything(ctx);
            return;
        }
        var parts = _segment.CompleteParts();
        if (parts.Count == 0) return;
        foreach (var part in parts)
        {
            foreach (var (cls, key, value, seqs) in _segment.ListsOf(part))
                _inserts.AddAll(FieldId(ctx, cls, key, create: true)!.Value, value, seqs);
            WriteInserts(ctx);
            foreach (var (cls, key, term, postings) in _segment.KeywordListsOf(part))
            {
                _postings.Clear();
                postings.CopyTo(_postings);
                _keywords.Write(ctx, FieldId(ctx, cls, key, create: true)!.Value, term, _postings);
            }
        }
        var last = parts[^1];
        ctx.Statement(SetFlushedSql, 1).Set(0, ((last + 1) << PostingLists.SeqShift) - 1).Command.ExecuteNonQuery();
        _segment.StageRetire(last);
    }

    /// <summary>
    /// <see cref="SqliteStoreOptions.WriteIndexAtEveryCommit"/>: the segment and this transaction's entries written
    /// now, the mark raised to the newest seq; parts are then appended to by several rows, as before the segment.
    /// </summary>
    private void WriteEverything(WriteContext ctx)
    {
        var newest = _segment.NewestStagedSeq;
        var lists = _segment.StageWriteAll(out var keywordLists);
        if (lists.Count == 0 && keywordLists.Count == 0) return;
        foreach (var (cls, key, value, seqs) in lists)
        {
            seqs.Sort();
            _inserts.AddAll(FieldId(ctx, cls, key, create: true)!.Value, value, seqs);
        }
        WriteInserts(ctx);
        foreach (var (cls, key, term, postings) in keywordLists)
            _keywords.Write(ctx, FieldId(ctx, cls, key, create: true)!.Value, term, postings);
        ctx.Statement(SetFlushedSql, 1).Set(0, newest).Command.ExecuteNonQuery();
    }

    private void WriteInserts(WriteContext ctx)
    {
        var lists = _inserts.Sorted();
        var i = 0;
        while (i < lists.Count)
        {
            var count = lists.Count - i >= RowsPerStatement ? RowsPerStatement : 1;
            var statement = ctx.Raw(count == 1 ? InsertOneSql : InsertManySql);
            for (var r = 0; r < count; r++)
            {
                var (key, seqs) = lists[i + r];
                BindRow(statement, r, key, seqs);
            }
            statement.Execute();
            i += count;
        }
        _inserts.Clear();
    }

    private void BindRow(RawStatement statement, int row, PostingKey key, List<long> seqs)
    {
        PostingLists.WriteJsonOffsets(_json, seqs);
        statement.Bind(row * 5 + 1, key.Part).Bind(row * 5 + 2, key.Field).BindScalar(row * 5 + 3, key.Value)
            .Bind(row * 5 + 4, seqs[0]).BindUtf8(row * 5 + 5, _json.WrittenSpan);
    }

    /// <summary>
    /// Replaces every row of <paramref name="key"/> by one row of the seqs that are not <paramref name="dead"/> (none
    /// when all are): collecting a key also merges the segments its commits appended.
    /// </summary>
    private void RewriteWithout(WriteContext ctx, PostingKey key, List<long> dead)
    {
        _merged.Clear();
        using (var r = ctx.Statement(ReadKeySql, 3).Set(0, key.Part).Set(1, key.Field).Set(2, key.Value).Command.ExecuteReader())
        {
            while (r.Read()) PostingLists.ReadJsonOffsets(r.GetString(0), key.Part, _merged);
        }
        if (_merged.Count == 0) return;
        PostingLists.Without(_merged, dead.ToHashSet());
        ctx.Statement(DeleteKeySql, 3).Set(0, key.Part).Set(1, key.Field).Set(2, key.Value).Command.ExecuteNonQuery();
        if (_merged.Count == 0) return;
        var statement = ctx.Raw(InsertOneSql);
        BindRow(statement, 0, key, _merged);
        statement.Execute();
    }

    private long? FieldId(WriteContext ctx, string cls, string key, bool create)
    {
        if (_fields.TryGetValue((cls, key), out var id)) return id;
        var found = ctx.Statement("SELECT id FROM idx_fields WHERE class = $p0 AND prop = $p1", 2).Set(0, cls).Set(1, key).Command.ExecuteScalar();
        if (found is long existing) return _fields[(cls, key)] = existing;
        if (!create) return null;
        var created = (long)ctx.Statement("INSERT INTO idx_fields(class, prop) VALUES($p0, $p1) RETURNING id", 2).Set(0, cls).Set(1, key).Command.ExecuteScalar()!;
        return _fields[(cls, key)] = created;
    }
}
