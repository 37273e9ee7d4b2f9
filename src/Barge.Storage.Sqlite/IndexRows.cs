using System.Runtime.InteropServices;
using Barge.Core.Indexing;

namespace Barge.Storage.Sqlite;

/// <summary>
/// Writes and removes objects' inverted-index rows. Index keys are stored as field ids (one per class and key),
/// cached here; the cache is dropped when a transaction rolls back, since ids created in it no longer exist.
/// Rows are queued while a group of commands runs and written by <see cref="Flush"/> in key order (part, field, value,
/// seq; see <see cref="IndexParts"/>): key order turns one page visit per row into a sweep over neighbouring pages,
/// and multi-row statements cut the per-statement overhead that dominated small stores.
/// </summary>
internal sealed class IndexRows
{
    private const int RowsPerStatement = 32;
    private readonly Dictionary<(string Class, string Key), long> _fields = [];
    private readonly List<Row> _inserts = [];
    private readonly List<Row> _deletes = [];

    /// <summary>A queued index row: field id, value (long, double or string, see IndexEntry) and the object's seq.</summary>
    private readonly record struct Row(long Field, object Value, long Seq);

    private readonly KeyOrdering _keyOrdering = new();

    // Bound by position through the raw API (see RawStatement): two shapes keep the number of prepared statements small.
    private static readonly string InsertManySql = InsertSql(RowsPerStatement);
    private static readonly string InsertOneSql = InsertSql(1);

    private static string InsertSql(int rows) =>
        "INSERT OR IGNORE INTO idx(part, field, v, seq) VALUES " +
        string.Join(", ", Enumerable.Range(0, rows).Select(r => $"(?{r * 4 + 1}, ?{r * 4 + 2}, ?{r * 4 + 3}, ?{r * 4 + 4})"));

    // One row per DELETE: a multi-row form over row values, (part, field, v, seq) IN (VALUES …), makes SQLite scan
    // the whole table instead of searching the primary key.
    private const string DeleteSql = "DELETE FROM idx WHERE part = $p0 AND field = $p1 AND v = $p2 AND seq = $p3";

    /// <summary>After a rollback: forget field ids and queued rows of the transaction that is gone.</summary>
    public void ForgetUncommitted()
    {
        _fields.Clear();
        _inserts.Clear();
        _deletes.Clear();
    }

    public void Insert(WriteContext ctx, string cls, long seq, IReadOnlyList<IndexEntry> entries)
    {
        foreach (var entry in entries) _inserts.Add(new Row(FieldId(ctx, cls, entry.Property, create: true)!.Value, entry.Value, seq));
    }

    public void Delete(WriteContext ctx, string cls, long seq, IReadOnlyList<IndexEntry> entries)
    {
        foreach (var entry in entries)
        {
            // A key that was never written has no field id and no rows.
            if (FieldId(ctx, cls, entry.Property, create: false) is { } field) _deletes.Add(new Row(field, entry.Value, seq));
        }
    }

    /// <summary>
    /// Writes the queued rows. Inserts go first: a queued delete may name a row queued for insert by the same group
    /// (an object written twice), never the other way round, since new rows always carry a new seq.
    /// </summary>
    public void Flush(WriteContext ctx)
    {
        if (_inserts.Count > 0)
        {
            _keyOrdering.Sort(_inserts);
            var rows = CollectionsMarshal.AsSpan(_inserts);
            while (!rows.IsEmpty)
            {
                var count = rows.Length >= RowsPerStatement ? RowsPerStatement : 1;
                var statement = ctx.Raw(count == 1 ? InsertOneSql : InsertManySql);
                for (var r = 0; r < count; r++)
                {
                    var row = rows[r];
                    statement.Bind(r * 4 + 1, IndexParts.Of(row.Seq)).Bind(r * 4 + 2, row.Field).BindScalar(r * 4 + 3, row.Value).Bind(r * 4 + 4, row.Seq);
                }
                statement.Execute();
                rows = rows[count..];
            }
            _inserts.Clear();
        }
        if (_deletes.Count > 0)
        {
            _keyOrdering.Sort(_deletes);
            foreach (var row in _deletes)
                ctx.Statement(DeleteSql, 4).Set(0, IndexParts.Of(row.Seq)).Set(1, row.Field).Set(2, row.Value).Set(3, row.Seq).Command.ExecuteNonQuery();
            _deletes.Clear();
        }
    }

    /// <summary>
    /// Puts queued rows in (part, field, value, seq) order, close to SQLite's own key order (numbers before text, then
    /// by value; exactness only matters for locality). A batch repeats few keys many times (~48 rows per object, most
    /// of them words of a small vocabulary), so it sorts the distinct (part, field, value) keys and places the rows by key
    /// with a counting pass: sorting the rows themselves compared strings ~16 times per row, about a tenth of the
    /// server's CPU with every property filterable. Placement is stable, and inserts are queued object by object in
    /// seq order, so each key's rows stay in seq order. The buffers are kept between flushes.
    /// </summary>
    private sealed class KeyOrdering
    {
        private readonly Dictionary<(long Part, long Field, object Value), int> _keyIds = [];
        private readonly List<Key> _keys = [];
        private int[] _rowKeys = [];
        private int[] _starts = [];
        private Row[] _sorted = [];

        private readonly record struct Key(long Part, long Field, object Value, int Id)
        {
            public string? Text { get; } = Value as string;
            public double Number { get; } = Value switch { long l => l, double d => d, int i => i, _ => 0 };
        }

        public void Sort(List<Row> queued)
        {
            var rows = CollectionsMarshal.AsSpan(queued);
            if (_rowKeys.Length < rows.Length)
            {
                _rowKeys = new int[Math.Max(rows.Length, _rowKeys.Length * 2)];
                _sorted = new Row[_rowKeys.Length];
            }
            for (var i = 0; i < rows.Length; i++)
            {
                var part = IndexParts.Of(rows[i].Seq);
                ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(_keyIds, (part, rows[i].Field, rows[i].Value), out var exists);
                if (!exists)
                {
                    id = _keys.Count;
                    _keys.Add(new Key(part, rows[i].Field, rows[i].Value, id));
                }
                _rowKeys[i] = id;
            }

            // Rank the distinct keys, then give each key its first slot: starts[id] = rows of all keys ranked before it.
            var keys = CollectionsMarshal.AsSpan(_keys);
            if (_starts.Length < keys.Length) _starts = new int[Math.Max(keys.Length, _starts.Length * 2)];
            for (var i = 0; i < rows.Length; i++) _starts[_rowKeys[i]]++;
            keys.Sort(default(KeyOrder));
            var next = 0;
            foreach (var key in keys)
            {
                var count = _starts[key.Id];
                _starts[key.Id] = next;
                next += count;
            }
            for (var i = 0; i < rows.Length; i++) _sorted[_starts[_rowKeys[i]]++] = rows[i];
            _sorted.AsSpan(0, rows.Length).CopyTo(rows);

            // Keep the buffers, not the values they point at.
            Array.Clear(_sorted, 0, rows.Length);
            Array.Clear(_starts, 0, keys.Length);
            _keyIds.Clear();
            _keys.Clear();
        }

        private readonly struct KeyOrder : IComparer<Key>
        {
            public int Compare(Key a, Key b)
            {
                var c = a.Part.CompareTo(b.Part);
                if (c == 0) c = a.Field.CompareTo(b.Field);
                if (c != 0) return c;
                return (a.Text, b.Text) switch
                {
                    (null, null) => a.Number.CompareTo(b.Number),
                    (null, _) => -1,
                    (_, null) => 1,
                    _ => string.CompareOrdinal(a.Text, b.Text),
                };
            }
        }
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
