using System.Buffers;
using Barge.Core.Indexing;
using Barge.Storage.Relational;

namespace Barge.Storage.Sqlite;

/// <summary>
/// The keyword index's rows (Migrations/0009_keyword_index.sql) for the writer: posting rows a part at a time as
/// <see cref="IndexRows"/> flushes the segment, the totals' changes of a transaction (added up per class, tenant and
/// property, one upsert each), and the garbage collector's rewrites of a key's rows without its dead seqs.
/// </summary>
internal sealed class KeywordRows
{
    private const string InsertSql = "INSERT INTO keyword_postings(part, field, term, first, postings) VALUES(?1, ?2, ?3, ?4, ?5)";
    private const string ReadKeySql = "SELECT postings FROM keyword_postings WHERE part = $p0 AND field = $p1 AND term = $p2";
    private const string DeleteKeySql = "DELETE FROM keyword_postings WHERE part = $p0 AND field = $p1 AND term = $p2";
    private const string AddTotalsSql =
        "INSERT INTO keyword_totals(class, tenant, property, objects, length_sum) VALUES($p0, $p1, $p2, $p3, $p4) " +
        "ON CONFLICT(class, tenant, property) DO UPDATE SET objects = objects + excluded.objects, length_sum = length_sum + excluded.length_sum";

    private readonly KeywordTotalsChanges _totals = new();
    private readonly Dictionary<(long Part, long Field, string Term), HashSet<long>> _deletes = [];
    private readonly ArrayBufferWriter<byte> _blob = new();
    private readonly List<KeywordPosting> _merged = [];

    /// <summary>Adds an object (+1) or takes it away (−1): the class's object count, and each property's holders and lengths.</summary>
    public void Count(string cls, string tenant, IReadOnlyList<KeywordField> fields, int sign) => _totals.Count(cls, tenant, fields, sign);

    public void QueueDelete(long field, string term, long seq)
    {
        var key = (PostingLists.Part(seq), field, term);
        if (!_deletes.TryGetValue(key, out var dead)) _deletes[key] = dead = [];
        dead.Add(seq);
    }

    public void ForgetUncommitted()
    {
        _totals.Clear();
        _deletes.Clear();
    }

    /// <summary>Writes one row of ascending postings of one part.</summary>
    public void Write(WriteContext ctx, long field, string term, List<KeywordPosting> postings)
    {
        if (postings.Count == 0) return;
        KeywordPostingCodec.Write(_blob, postings);
        ctx.Raw(InsertSql).Bind(1, PostingLists.Part(postings[0].Seq)).Bind(2, field).Bind(3, term).Bind(4, postings[0].Seq)
            .BindBlob(5, _blob.WrittenSpan).Execute();
    }

    public void WriteTotals(WriteContext ctx)
    {
        foreach (var (cls, tenant, property, objects, lengths) in _totals.Changes())
        {
            ctx.Statement(AddTotalsSql, 5).Set(0, cls).Set(1, tenant).Set(2, property).Set(3, objects).Set(4, lengths).Command.ExecuteNonQuery();
        }
        _totals.Clear();
    }

    /// <summary>Replaces every row of each key holding dead seqs by one row without them (none when all are dead).</summary>
    public void RewriteDeleted(WriteContext ctx)
    {
        foreach (var ((part, field, term), dead) in _deletes)
        {
            _merged.Clear();
            using (var r = ctx.Statement(ReadKeySql, 3).Set(0, part).Set(1, field).Set(2, term).Command.ExecuteReader())
            {
                while (r.Read()) KeywordPostingCodec.Read((byte[])r.GetValue(0), part, _merged);
            }
            if (_merged.Count == 0) continue;
            _merged.RemoveAll(p => dead.Contains(p.Seq));
            KeywordPostingCodec.SortDistinct(_merged);
            ctx.Statement(DeleteKeySql, 3).Set(0, part).Set(1, field).Set(2, term).Command.ExecuteNonQuery();
            Write(ctx, field, term, _merged);
        }
        _deletes.Clear();
    }
}
