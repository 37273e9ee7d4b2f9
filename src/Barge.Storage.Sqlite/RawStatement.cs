using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Barge.Storage.Sqlite;

/// <summary>
/// A statement prepared once on the writer's connection and driven through SQLitePCL's raw API (the layer under
/// Microsoft.Data.Sqlite), with parameters bound by position (<c>?1</c>, <c>?2</c>, …). For the statements that run
/// once per object or per index row: Microsoft.Data.Sqlite looks every parameter up by name on each execution, a
/// linear scan of the statement's names, which for a 96-parameter multi-row insert cost more than the insert itself.
/// It runs inside the connection's open transaction like any command on that connection. Reads that step over many
/// rows use it too (<see cref="NextRow"/>): the provider's data reader costs several times SQLite's own step per row.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public RawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the writer's connection is not open");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
    }

    public RawStatement Bind(int position, long value)
    {
        Check(raw.sqlite3_bind_int64(_statement, position, value));
        return this;
    }

    public RawStatement Bind(int position, string value)
    {
        Check(raw.sqlite3_bind_text(_statement, position, value));
        return this;
    }

    /// <summary>Text given as UTF-8 (SQLite copies it before this returns).</summary>
    public RawStatement BindUtf8(int position, ReadOnlySpan<byte> utf8)
    {
        Check(raw.sqlite3_bind_text(_statement, position, utf8));
        return this;
    }

    public RawStatement BindBlob(int position, ReadOnlySpan<byte> bytes)
    {
        Check(raw.sqlite3_bind_blob(_statement, position, bytes));
        return this;
    }

    public RawStatement BindNull(int position)
    {
        Check(raw.sqlite3_bind_null(_statement, position));
        return this;
    }

    /// <summary>An index value: a long, a double or a string (see Barge.Core.Indexing.IndexEntry).</summary>
    public RawStatement BindScalar(int position, object value)
    {
        Check(value switch
        {
            long l => raw.sqlite3_bind_int64(_statement, position, l),
            double d => raw.sqlite3_bind_double(_statement, position, d),
            string s => raw.sqlite3_bind_text(_statement, position, s),
            int i => raw.sqlite3_bind_int64(_statement, position, i),
            _ => throw new ArgumentException($"not an index value: {value.GetType().Name}", nameof(value)),
        });
        return this;
    }

    /// <summary>Runs a statement that returns no rows; the bindings stay until bound again.</summary>
    public void Execute()
    {
        try
        {
            var rc = raw.sqlite3_step(_statement);
            if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _db);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    /// <summary>
    /// Steps to the next row of a query, false at its end; read the row with <see cref="Int64"/>, and call
    /// <see cref="Reset"/> before binding again or when done early.
    /// </summary>
    public bool NextRow()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW) return true;
        if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _db);
        return false;
    }

    public long Int64(int column) => raw.sqlite3_column_int64(_statement, column);

    public void Reset() => raw.sqlite3_reset(_statement);

    /// <summary>The rowid of the last row inserted on the connection (the writer's alone, so the row just inserted).</summary>
    public long LastInsertRowId => raw.sqlite3_last_insert_rowid(_db);

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
    }

    public void Dispose() => _statement.Dispose();
}
