using Barge.Core.Indexing;

namespace Barge.Storage.Sqlite;

/// <summary>
/// Writes and removes an object's inverted-index rows. Index keys are stored as field ids (one per class and key),
/// cached here; the cache is dropped when a transaction rolls back, since ids created in it no longer exist.
/// Rows go in multi-row statements: per-statement overhead, not SQLite's B-tree work, dominated the write path.
/// </summary>
internal sealed class IndexRows
{
    private const int RowsPerStatement = 32;
    private readonly Dictionary<(string Class, string Key), long> _fields = [];

    private static readonly string[] InsertSql = Enumerable.Range(0, RowsPerStatement + 1).Select(rows =>
        "INSERT OR IGNORE INTO idx(field, v, seq) VALUES " +
        string.Join(", ", Enumerable.Range(0, rows).Select(r => $"($p{r * 3}, $p{r * 3 + 1}, $p{r * 3 + 2})"))).ToArray();

    // One row per DELETE: a multi-row form over row values, (field, v, seq) IN (VALUES …), makes SQLite scan the
    // whole table instead of searching the primary key.
    private const string DeleteSql = "DELETE FROM idx WHERE field = $p0 AND v = $p1 AND seq = $p2";

    public void ForgetUncommitted() => _fields.Clear();

    public void Insert(WriteContext ctx, string cls, long seq, IReadOnlyList<IndexEntry> entries)
    {
        var done = 0;
        while (done < entries.Count)
        {
            var rows = entries.Count - done >= RowsPerStatement ? RowsPerStatement : 1; // two shapes keep the statement cache small
            var statement = ctx.Statement(InsertSql[rows], rows * 3);
            for (var r = 0; r < rows; r++)
            {
                var entry = entries[done + r];
                statement.Set(r * 3, FieldId(ctx, cls, entry.Property, create: true)!.Value).Set(r * 3 + 1, entry.Value).Set(r * 3 + 2, seq);
            }
            statement.Command.ExecuteNonQuery();
            done += rows;
        }
    }

    public void Delete(WriteContext ctx, string cls, long seq, IReadOnlyList<IndexEntry> entries)
    {
        foreach (var entry in entries)
        {
            // A key that was never written has no field id and no rows.
            if (FieldId(ctx, cls, entry.Property, create: false) is not { } field) continue;
            ctx.Statement(DeleteSql, 3).Set(0, field).Set(1, entry.Value).Set(2, seq).Command.ExecuteNonQuery();
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
