using System.Buffers;
using System.Text.Json;
using Barge.Core.Objects;
using Barge.Core.Storage;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Barge.Storage.Sqlite;

/// <summary>
/// The insert every stored object goes through, prepared once on the writer's connection and driven through
/// SQLitePCL's raw API (the layer under Microsoft.Data.Sqlite), because it runs once per object of every batch:
/// parameters are bound by position rather than looked up by name on each execution, and the properties are bound
/// as the UTF-8 that validation wrote (or, for an object known only as a tree, serialized into a reused buffer),
/// instead of becoming a string that is then encoded to UTF-8 again. It runs inside the writer's open transaction like any command on that connection.
/// </summary>
internal sealed class ObjectInsertStatement : IDisposable
{
    private const string Sql =
        "INSERT INTO objects(class, id, tenant, created, updated, properties, vector, batch, batch_created) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING seq";

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly ArrayBufferWriter<byte> _json = new(4096);
    private readonly Utf8JsonWriter _writer;

    public ObjectInsertStatement(SqliteConnection connection)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the writer's connection is not open");
        var rc = raw.sqlite3_prepare_v2(_db, Sql, out _statement);
        SqliteException.ThrowExceptionForRC(rc, _db);
        _writer = new Utf8JsonWriter(_json);
    }

    /// <summary>Inserts the object row and returns its seq.</summary>
    /// <param name="batch">The journal seq of the batch; null for single-object writes (then no provenance).</param>
    public long Insert(StoredObject o, long? batch, bool created)
    {
        ReadOnlySpan<byte> properties = o.PropertiesUtf8;
        if (properties.IsEmpty)
        {
            _json.ResetWrittenCount();
            _writer.Reset(_json);
            o.Properties.WriteTo(_writer);
            _writer.Flush();
            properties = _json.WrittenSpan;
        }
        try
        {
            Check(raw.sqlite3_bind_text(_statement, 1, o.Class));
            Check(raw.sqlite3_bind_text(_statement, 2, o.Id));
            Check(raw.sqlite3_bind_text(_statement, 3, o.Tenant ?? ""));
            Check(raw.sqlite3_bind_int64(_statement, 4, o.CreationTimeUnix));
            Check(raw.sqlite3_bind_int64(_statement, 5, o.LastUpdateTimeUnix));
            Check(raw.sqlite3_bind_text(_statement, 6, properties));
            Check(o.Vector is { } vector
                ? raw.sqlite3_bind_blob(_statement, 7, VectorEncoding.AsBytes(vector))
                : raw.sqlite3_bind_null(_statement, 7));
            Check(batch is { } b ? raw.sqlite3_bind_int64(_statement, 8, b) : raw.sqlite3_bind_null(_statement, 8));
            Check(batch is null ? raw.sqlite3_bind_null(_statement, 9) : raw.sqlite3_bind_int64(_statement, 9, created ? 1 : 0));
            var rc = raw.sqlite3_step(_statement);
            if (rc != raw.SQLITE_ROW) SqliteException.ThrowExceptionForRC(rc, _db);
            return raw.sqlite3_column_int64(_statement, 0);
        }
        finally
        {
            // Reset ends the statement (its change is already made at the first step) and keeps it prepared.
            raw.sqlite3_reset(_statement);
            raw.sqlite3_clear_bindings(_statement);
        }
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
    }

    public void Dispose()
    {
        _statement.Dispose();
        _writer.Dispose();
    }
}
