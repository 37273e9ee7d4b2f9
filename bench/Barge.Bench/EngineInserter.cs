using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Barge.Core.Indexing;
using Barge.Core.Objects;
using Barge.Core.Objects.Validation;
using Barge.Core.Schema;
using Barge.Storage.Relational;
using Barge.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Barge.Bench;

/// <summary>One object as Barge stores it: normalized properties JSON and its inverted-index entries.</summary>
public sealed record EngineRow(string? Id, string PropertiesJson, IReadOnlyList<IndexEntry> Index, byte[]? Vector = null);

/// <summary>
/// The engine baseline: Barge's tables (created from the migration scripts in the source tree), Barge's pragmas,
/// the same INSERT statements, prepared once, one transaction per batch, one thread. Nothing but SQLite.
/// </summary>
public sealed class EngineInserter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insertObject;
    private readonly SqliteCommand _insertIndex;
    private readonly SqliteParameter _oId, _oCreated, _oUpdated, _oProps, _oVector, _iPart, _iField, _iValue, _iFirst, _iSeqs;
    private readonly Dictionary<string, long> _fields = new(StringComparer.Ordinal);
    private readonly PostingBatch _postings = new();
    private readonly ArrayBufferWriter<byte> _json = new();

    private EngineInserter(SqliteConnection connection)
    {
        _connection = connection;
        // The same SQL as Barge.Storage.Sqlite.ObjectInsertStatement.
        _insertObject = connection.CreateCommand();
        _insertObject.CommandText =
            "INSERT INTO objects(class, id, tenant, created, updated, properties, vector) VALUES($c, $id, $t, $cr, $up, $p, $v)";
        _insertObject.Parameters.AddWithValue("$c", Articles.ClassName);
        _oId = _insertObject.Parameters.Add("$id", SqliteType.Text);
        _insertObject.Parameters.AddWithValue("$t", "");
        _oCreated = _insertObject.Parameters.Add("$cr", SqliteType.Integer);
        _oUpdated = _insertObject.Parameters.Add("$up", SqliteType.Integer);
        _oProps = _insertObject.Parameters.Add("$p", SqliteType.Text);
        _oVector = _insertObject.Parameters.AddWithValue("$v", DBNull.Value);
        _insertIndex = connection.CreateCommand();
        // Barge's posting rows (Barge.Storage.Sqlite.IndexRows): one per distinct (part, field, value) of a transaction.
        _insertIndex.CommandText = "INSERT INTO postings(part, field, v, first, seqs) VALUES($part, $f, $v, $first, $seqs)";
        _iPart = _insertIndex.Parameters.Add("$part", SqliteType.Integer);
        _iField = _insertIndex.Parameters.Add("$f", SqliteType.Integer);
        _iValue = _insertIndex.Parameters.AddWithValue("$v", DBNull.Value);
        _iFirst = _insertIndex.Parameters.Add("$first", SqliteType.Integer);
        _iSeqs = _insertIndex.Parameters.Add("$seqs", SqliteType.Text);
    }

    /// <summary>Opens (creating if needed) <paramref name="databasePath"/> with Barge's pragmas and schema, and stores the class.</summary>
    public static EngineInserter Open(string databasePath, string migrationsFolder, ClassDefinition cls, int cacheKiB = 65536)
    {
        // Barge's library settings (threading mode, no memory statistics), so the engine runs as configured in Barge.
        Barge.Storage.Sqlite.SqliteLibrary.EnsureConfigured();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        // Barge's pragmas (Barge.Storage.Sqlite.SqliteStore.Open).
        Exec(connection, $"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-{cacheKiB};");
        ApplyMigrations(connection, migrationsFolder);
        // Pre-fill only: no sync at all (a crash while pre-filling just means pre-filling again).
        if (cacheKiB > 65536) Exec(connection, "PRAGMA synchronous=OFF;");
        using (var save = connection.CreateCommand())
        {
            save.CommandText = "INSERT INTO classes(name, definition) VALUES($n, $d) ON CONFLICT(name) DO UPDATE SET definition = excluded.definition";
            save.Parameters.AddWithValue("$n", cls.Name);
            save.Parameters.AddWithValue("$d", PersistedClassJson.Serialize(cls));
            save.ExecuteNonQuery();
        }
        var inserter = new EngineInserter(connection);
        inserter._insertObject.Prepare();
        inserter._insertIndex.Prepare();
        return inserter;
    }

    /// <summary>The numbered scripts of src/Barge.Storage.Sqlite/Migrations, as Barge applies them (user_version).</summary>
    private static void ApplyMigrations(SqliteConnection connection, string folder)
    {
        var current = Convert.ToInt32(Scalar(connection, "PRAGMA user_version"), CultureInfo.InvariantCulture);
        foreach (var file in Directory.GetFiles(folder, "*.sql").Order(StringComparer.Ordinal))
        {
            var version = int.Parse(Path.GetFileName(file).AsSpan(0, 4), CultureInfo.InvariantCulture);
            if (version <= current) continue;
            using var tx = connection.BeginTransaction();
            using var cmd = connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = File.ReadAllText(file) + $"\nPRAGMA user_version = {version};";
            cmd.ExecuteNonQuery();
            tx.Commit();
        }
    }

    /// <summary>Inserts the rows in one transaction, as Barge's writer does for a batch (ids: the row's, or a new UUIDv7).</summary>
    public void InsertBatch(IReadOnlyList<EngineRow> rows)
    {
        using var tx = _connection.BeginTransaction(deferred: false);
        _insertObject.Transaction = tx;
        _insertIndex.Transaction = tx;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var row in rows)
        {
            _oId.Value = row.Id ?? ObjectIds.New();
            _oCreated.Value = now;
            _oUpdated.Value = now;
            _oProps.Value = row.PropertiesJson;
            _oVector.Value = (object?)row.Vector ?? DBNull.Value;
            var seq = InsertObjectRow();
            foreach (var entry in row.Index) _postings.Add(Field(entry.Property), entry.Value, seq);
        }
        InsertPostings();
        tx.Commit();
        _insertObject.Transaction = null;
        _insertIndex.Transaction = null;
    }

    /// <summary>The posting rows of the transaction's entries, in key order.</summary>
    private void InsertPostings()
    {
        foreach (var (key, seqs) in _postings.Sorted())
        {
            PostingLists.WriteJsonOffsets(_json, seqs);
            _iPart.Value = key.Part;
            _iField.Value = key.Field;
            _iValue.Value = key.Value;
            _iFirst.Value = seqs[0];
            _iSeqs.Value = Encoding.UTF8.GetString(_json.WrittenSpan);
            _insertIndex.ExecuteNonQuery();
        }
        _postings.Clear();
    }

    /// <summary>The object row's seq (its rowid): as Barge does, without RETURNING, which would add a statement journal.</summary>
    private long InsertObjectRow()
    {
        _insertObject.ExecuteNonQuery();
        return SQLitePCL.raw.sqlite3_last_insert_rowid(_connection.Handle);
    }

    /// <summary>Pre-fill only (not the baseline): the same rows and posting rows, in one large transaction.</summary>
    public void InsertBulk(IReadOnlyList<EngineRow> rows) => InsertBatch(rows);

    /// <summary>The field id of an index key of the Article class (Barge's idx_fields), created on first use.</summary>
    private long Field(string key)
    {
        if (_fields.TryGetValue(key, out var id)) return id;
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = _insertIndex.Transaction;
        cmd.CommandText = "INSERT INTO idx_fields(class, prop) VALUES($c, $p) ON CONFLICT(class, prop) DO UPDATE SET prop = excluded.prop RETURNING id";
        cmd.Parameters.AddWithValue("$c", Articles.ClassName);
        cmd.Parameters.AddWithValue("$p", key);
        return _fields[key] = (long)cmd.ExecuteScalar()!;
    }

    public long Count() => (long)Scalar(_connection, "SELECT count(*) FROM objects")!;

    public void Checkpoint() => Exec(_connection, "PRAGMA wal_checkpoint(TRUNCATE);");

    public void Dispose()
    {
        _insertObject.Dispose();
        _insertIndex.Dispose();
        _connection.Dispose();
        SqliteConnection.ClearAllPools();
    }

    /// <summary>
    /// Object <paramref name="i"/> exactly as the server would store it: the request JSON parsed, normalized by
    /// Barge.Core's PropertyValidator, and indexed by Barge.Core's IndexEntries.For for the same class.
    /// </summary>
    public static EngineRow Prepare(ClassDefinition cls, long i, IdMode ids)
    {
        var obj = JsonNode.Parse(Articles.ObjectJson(i, ids))!.AsObject();
        var normalized = PropertyValidator.Normalize(cls, obj["properties"]?.AsObject(), NoReferences.Instance);
        if (normalized.Error is not null) throw new InvalidOperationException($"object {i} does not validate: {normalized.Error}");
        return new EngineRow(ids == IdMode.Client ? (string)obj["id"]! : null, System.Text.Encoding.UTF8.GetString(normalized.Utf8!),
            IndexEntries.For(cls, normalized.Properties!), Articles.VectorDimensions > 0 ? Articles.VectorBytes(i) : null);
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    private sealed class NoReferences : IReferenceResolver
    {
        public static readonly NoReferences Instance = new();
        public bool Exists(string className, string id) => false;
        public IReadOnlyList<string> ClassesOf(string id, IReadOnlyList<string> candidates) => [];
    }
}
