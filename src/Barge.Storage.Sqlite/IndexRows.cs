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

    private static readonly string[] DeleteSql = Enumerable.Range(0, RowsPerStatement + 1).Select(rows =>
        "DELETE FROM idx WHERE (field, v, seq) IN (VALUES " +
        string.Join(", ", Enumerable.Range(0, rows).Select(r => $"($p{r * 3}, $p{r * 3 + 1}, $p{r * 3 + 2})")) + ")").ToArray();

    public void ForgetUncommitted() => _fields.Clear();

    public void Insert(WriteContext ctx, string cls, long seq, IReadOnlyList<IndexEntry> entries) =>
        Run(ctx, InsertSql, cls, seq, entries, create: true);

    public void Delete(WriteContext ctx, string cls, long seq, IReadOnlyList<IndexEntry> entries) =>
        Run(ctx, DeleteSql, cls, seq, entries, create: false);

    private void Run(WriteContext ctx, string[] sqlByRows, string cls, long seq, IReadOnlyList<IndexEntry> entries, bool create)
    {
        var done = 0;
        while (done < entries.Count)
        {
            var rows = Math.Min(RowsPerStatement, entries.Count - done);
            if (rows < RowsPerStatement) rows = 1; // a few fixed shapes keep the prepared-statement cache small
            var statement = ctx.Statement(sqlByRows[rows], rows * 3);
            var bound = 0;
            for (var r = 0; r < rows; r++)
            {
                var entry = entries[done + r];
                var field = FieldId(ctx, cls, entry.Property, create);
                if (field is null) continue;
                statement.Set(bound * 3, field.Value).Set(bound * 3 + 1, entry.Value).Set(bound * 3 + 2, seq);
                bound++;
            }
            // A delete may name fields that never existed; repeat the last row to fill the statement's shape.
            for (var r = bound; r < rows && bound > 0; r++)
            {
                statement.Set(r * 3, statement.Command.Parameters[(bound - 1) * 3].Value)
                    .Set(r * 3 + 1, statement.Command.Parameters[(bound - 1) * 3 + 1].Value).Set(r * 3 + 2, seq);
            }
            if (bound > 0) statement.Command.ExecuteNonQuery();
            done += rows;
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
