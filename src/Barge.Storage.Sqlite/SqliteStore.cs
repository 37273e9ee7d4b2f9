using System.Text.Json;
using System.Text;
using Barge.Core.Filters;
using Barge.Core.Objects;
using Barge.Core.Schema;
using Barge.Core.Storage;
using Barge.Storage.Relational;
using Barge.Storage.Relational.Journal;
using Barge.Storage.Sqlite.Filters;
using Microsoft.Data.Sqlite;

namespace Barge.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite database in WAL mode inside the data folder. One writer connection
/// (group commit, see <see cref="SqliteWriter"/>) and pooled reader connections that WAL lets run alongside it.
/// </summary>
public sealed partial class SqliteStore : IObjectStore
{
    private readonly string _readConnectionString;
    private readonly SqliteWriter _writer;
    private readonly WriteExecutor<WriteContext, RowKey, ExistingRow> _executor;
    private readonly WalCheckpointer _checkpointer;
    private readonly IndexGarbageCollector<WriteContext> _garbage;
    private readonly IndexSegment _segment;

    private SqliteStore(string readConnectionString, SqliteConnection writeConnection, int writeQueueCapacity, Func<string, ClassDefinition?> classes, bool writeIndexAtEveryCommit,
        Action<string>? log, string? readOnlyReason = null)
    {
        _readConnectionString = readConnectionString;
        ReadOnlyReason = readOnlyReason;
        _segment = IndexSegmentLoader.Load(writeConnection, classes, log);
        _checkpointer = new WalCheckpointer(readConnectionString);
        _writer = new SqliteWriter(writeConnection, new IndexRows(_segment, writeIndexAtEveryCommit), writeQueueCapacity, _checkpointer.NoteCommit,
            openedReadOnly: readOnlyReason is not null);
        _executor = new WriteExecutor<WriteContext, RowKey, ExistingRow>(new ObjectWrites(classes));
        _garbage = new IndexGarbageCollector<WriteContext>(_writer, new IndexGarbage(), classes);
        _journal = new RelationalJournal(new SqliteJournalDialect(_writer, OpenRead));
    }

    /// <summary>
    /// The writer's page cache in KiB: a fixed cap whatever the store's size. It lives outside the managed heap, so it
    /// is part of the process's memory bound; at 256 MiB it kept filling as the store grew (the whole of a soak's
    /// store fitted in it), so the RSS never levelled off. The operating system's file cache still holds what falls out.
    /// </summary>
    private const int WriterCacheKib = 64 * 1024;

    public static SqliteStore Open(SqliteStoreOptions options)
    {
        SqliteLibrary.EnsureConfigured();
        Directory.CreateDirectory(options.DataFolder);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = options.DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        };
        var writeConnection = new SqliteConnection(builder.ToString());
        try
        {
            writeConnection.Open();
            // SQLite opens a file it may not write read-only without a word: an unwritable folder is found here, and
            // the store serves it for reads (OpenReadOnly) rather than failing at the first write.
            if (SQLitePCL.raw.sqlite3_db_readonly(writeConnection.Handle, "main") == 1)
            {
                Discard(writeConnection);
                return OpenReadOnly(options, null);
            }
            // WAL: readers never block the writer. synchronous=NORMAL in WAL mode: a commit is in the OS's hands
            // before COMMIT returns, so it survives a crash of the process (only a power loss can drop the last commits).
            // Checkpoints run in the background (WalCheckpointer), not inside the writer's commits. The writer's page
            // cache (WriterCacheKib) keeps hot index pages off the file system.
            Exec(writeConnection, $"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-{WriterCacheKib}; PRAGMA wal_autocheckpoint=0;");
            // Migrations run with temporary files on disk: an upgrade that rebuilds a table sorts all of its rows, which
            // in a large store must not be held in memory. Afterwards temporary tables and sorts stay in memory.
            SqliteMigrations.Apply(writeConnection, options.Log);
            Exec(writeConnection, "PRAGMA temp_store=MEMORY;");
        }
        catch (SqliteException ex) when (SqliteErrors.Translate(ex) is Core.Errors.OutOfSpaceException)
        {
            Discard(writeConnection);
            return OpenReadOnly(options, ex);
        }
        return new SqliteStore(builder.ToString(), writeConnection, options.WriteQueueCapacity, options.ClassLookup, options.WriteIndexAtEveryCommit, options.Log);
    }

    /// <summary>Not back into the pool: a pooled connection SQLite opened read-only would stay so after the folder is fixed.</summary>
    private static void Discard(SqliteConnection connection)
    {
        SqliteConnection.ClearPool(connection);
        connection.Dispose();
    }

    /// <summary>
    /// The store of a data folder that cannot be written (a file system remounted read-only, a read-only mount, a full
    /// disk at start): it serves reads, and its writer's every job fails as
    /// <see cref="Core.Errors.OutOfSpaceException.OpenedReadOnly"/>, so a write is refused whole. A store that would
    /// have to write to be opened at all (no database yet, a schema upgrade, a first keyword build) is not served: the
    /// start stops with an <see cref="IOException"/>, which the host reports as "cannot start", not as a crash.
    /// </summary>
    private static SqliteStore OpenReadOnly(SqliteStoreOptions options, SqliteException? cause)
    {
        // Readiness shows the reason to anyone who asks: it names no path. The log and a refused start do.
        var reason = $"the data folder cannot be written ({(cause is null ? "read-only" : "read-only, full or failing")})";
        IOException CannotStart(string why, Exception? inner) =>
            new($"the data folder '{options.DataFolder}' cannot be written ({(cause is null ? "read-only" : "read-only, full or failing")}), and {why}; Barge cannot start on it", inner);
        if (!File.Exists(options.DatabasePath)) throw CannotStart("it holds no store yet", cause);
        // A WAL left by a crash may hold commits the database file does not: SQLite reads it without writing. Without
        // one the file is the whole store, and SQLite, which would create the WAL's index file to read a WAL-mode
        // database, reads it as immutable instead (nothing else can write a folder that cannot be written).
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = File.Exists(options.DatabasePath + "-wal") ? options.DatabasePath : new Uri(options.DatabasePath).AbsoluteUri + "?immutable=1",
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = true,
            DefaultTimeout = 30,
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture);
            if (version != SqliteMigrations.LatestVersion)
                throw CannotStart($"its store needs an upgrade from schema version {version} to {SqliteMigrations.LatestVersion}, which writes", cause);
            if (Scalar(connection, "SELECT keyword_built FROM index_state") is not 1L)
                throw CannotStart("its store needs its keyword index built, which writes", cause);
            Exec(connection, $"PRAGMA cache_size=-{WriterCacheKib}; PRAGMA temp_store=MEMORY;");
            options.Log?.Invoke($"The data folder '{options.DataFolder}' cannot be written: serving reads only; every write is refused until it is writable and Barge is restarted.");
            return new SqliteStore(builder.ToString(), connection, options.WriteQueueCapacity, options.ClassLookup, options.WriteIndexAtEveryCommit, options.Log, reason);
        }
        catch (Exception ex)
        {
            Discard(connection);
            if (ex is SqliteException) throw CannotStart($"it cannot be read either ({ex.Message})", ex);
            throw;
        }
    }

    public string? ReadOnlyReason { get; }

    private static object? Scalar(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    private SqliteConnection OpenRead()
    {
        var c = new SqliteConnection(_readConnectionString);
        c.Open();
        return c;
    }

    public async Task<IReadOnlyList<ClassDefinition>> LoadClassesAsync(CancellationToken ct = default)
    {
        await using var c = OpenRead();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT definition FROM classes ORDER BY rowid";
        var classes = new List<ClassDefinition>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) classes.Add(PersistedClassJson.Deserialize(r.GetString(0)));
        return classes;
    }

    public Task SaveClassAsync(ClassDefinition definition, CancellationToken ct = default) =>
        _writer.RunAsync(ctx =>
        {
            var cmd = ctx.Command("INSERT INTO classes(name, definition) VALUES($n, $d) ON CONFLICT(name) DO UPDATE SET definition = excluded.definition");
            cmd.Bind(("$n", definition.Name), ("$d", PersistedClassJson.Serialize(definition)));
            return cmd.ExecuteNonQuery();
        }, ct);

    public Task DeleteClassAsync(string className, CancellationToken ct = default) =>
        _writer.RunAsync(ctx =>
        {
            foreach (var sql in new[]
                     {
                         $"DELETE FROM postings WHERE {IndexParts.EveryPart} AND field IN (SELECT id FROM idx_fields WHERE class = $c)",
                         $"DELETE FROM keyword_postings WHERE {IndexParts.EveryPart} AND field IN (SELECT id FROM idx_fields WHERE class = $c)",
                         "DELETE FROM keyword_totals WHERE class = $c",
                         "DELETE FROM idx_fields WHERE class = $c", "DELETE FROM idx_garbage WHERE class = $c", "DELETE FROM objects WHERE class = $c",
                         "DELETE FROM class_vectors WHERE class = $c", "DELETE FROM classes WHERE name = $c",
                     })
            {
                var cmd = ctx.Command(sql);
                cmd.Bind(("$c", className));
                cmd.ExecuteNonQuery();
            }
            ctx.Index.ForgetClass(className);
            return 0;
        }, ct);

    public async Task<StoredObject?> GetAsync(string className, string id, string? tenant, CancellationToken ct = default)
    {
        await using var c = OpenRead();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT {ObjectRows.Columns} FROM objects o WHERE o.class = $c AND o.tenant = $t AND o.id = $id";
        cmd.Bind(("$c", className), ("$t", tenant ?? ""), ("$id", id));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? ObjectRows.Read(r) : null;
    }

    public bool Exists(string className, string id, string? tenant)
    {
        using var c = OpenRead();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT 1 FROM objects WHERE class = $c AND tenant = $t AND id = $id";
        cmd.Bind(("$c", className), ("$t", tenant ?? ""), ("$id", id));
        return cmd.ExecuteScalar() is not null;
    }

    public async Task<IReadOnlyList<string>> FindClassesOfIdAsync(string id, IReadOnlyList<string> candidates, CancellationToken ct = default)
    {
        await using var c = OpenRead();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT DISTINCT class FROM objects WHERE id = $id ORDER BY class";
        cmd.Bind(("$id", id));
        var found = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var cls = r.GetString(0);
            if (candidates.Count == 0 || candidates.Contains(cls)) found.Add(cls);
        }
        return found;
    }

    public async Task<IReadOnlyList<ObjectLocation>> LocateAsync(IReadOnlyCollection<string> ids, CancellationToken ct = default)
    {
        var found = new List<ObjectLocation>();
        if (ids.Count == 0) return found;
        await using var c = OpenRead();
        await using var cmd = c.CreateCommand();
        // One parameter for any number of ids: SQLite limits how many a statement may bind.
        cmd.CommandText = "SELECT class, tenant, id FROM objects WHERE id IN (SELECT value FROM json_each($ids))";
        cmd.Bind(("$ids", JsonSerializer.Serialize(ids)));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            found.Add(new ObjectLocation(r.GetString(0), r.GetString(1) is { Length: > 0 } tenant ? tenant : null, r.GetString(2)));
        return found;
    }

    public Task<ObjectPage> ListAsync(ListQuery query, CancellationToken ct = default) =>
        FilterRefusal.Run(() => ListFilteredAsync(query, ct), SqliteErrors.RefusedQuery);

    private async Task<ObjectPage> ListFilteredAsync(ListQuery query, CancellationToken ct)
    {
        if (await ListIndexOnlyAsync(query, ct) is { } indexOnly) return indexOnly;
        await using var c = OpenRead();
        await using var cmd = c.CreateCommand();
        var where = new StringBuilder("1=1");
        if (query.Class is not null)
        {
            where.Append(" AND o.class = $c AND o.tenant = $t");
            cmd.Parameters.AddWithValue("$c", query.Class);
            cmd.Parameters.AddWithValue("$t", query.Tenant ?? "");
        }
        if (query.Filter is not null) where.Append(" AND (").Append(CompileFilter(query.Filter, query.Tenant, cmd)).Append(')');
        var filtered = where.ToString();
        if (query.After is not null)
        {
            where.Append(" AND o.id > $after");
            cmd.Parameters.AddWithValue("$after", query.After);
        }
        // Unsorted, ORDER BY o.id with class and tenant fixed is the order of the objects_class_id index: a cursor
        // page seeks to the cursor and reads the page, however deep into the class it is.
        var order = OrderBy(query.Sort);
        var columns = query.WithVectors ? ObjectRows.Columns : ObjectRows.ColumnsWithoutVector;
        cmd.CommandText = $"SELECT {columns} FROM objects o WHERE {where} ORDER BY {order} LIMIT $limit OFFSET $offset;";
        if (query.CountTotal) cmd.CommandText += $" SELECT count(*) FROM objects o WHERE {filtered};";
        cmd.Parameters.AddWithValue("$limit", query.Limit);
        cmd.Parameters.AddWithValue("$offset", query.Offset);
        var objects = new List<StoredObject>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) objects.Add(ObjectRows.Read(r));
        if (!query.CountTotal) return new ObjectPage(objects, null);
        await r.NextResultAsync(ct);
        await r.ReadAsync(ct);
        return new ObjectPage(objects, r.GetInt64(0));
    }

    /// <summary>Weaviate lists by id unless sorted; sort keys read the normalized JSON, ties broken by id.</summary>
    private static string OrderBy(IReadOnlyList<SortField> sort)
    {
        if (sort.Count == 0) return "o.id";
        var parts = sort.Select(k =>
        {
            var column = k.Property switch
            {
                "_creationTimeUnix" => "o.created",
                "_lastUpdateTimeUnix" => "o.updated",
                "id" or "_id" => "o.id",
                // A value that is not a JSON document (written through another dialect) sorts as missing instead of failing the query.
                _ when k.JsonPath is { } path => $"CASE WHEN json_valid({Value(k.Property)}) THEN json_extract({Value(k.Property)}, '{JsonPathOf(path.Split('.'))}') END",
                _ => Value(k.Property),
            };
            return column + (k.Descending ? " DESC" : " ASC");
        });
        return string.Join(", ", parts) + ", o.id";
    }

    private static string Value(string property) => $"json_extract(o.properties, '{JsonPathOf(property)}')";

    /// <summary>A SQLite JSON path of quoted field names; quotes and apostrophes are dropped so a name cannot leave the literal.</summary>
    private static string JsonPathOf(params string[] fields) =>
        "$" + string.Concat(fields.Select(f => ".\"" + f.Replace("\"", "", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal) + "\""));

    public Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<WriteCommand> commands, CancellationToken ct = default) =>
        _writer.RunAsync(ctx => _executor.Execute(ctx, commands), ct);

    public Task<MatchResult> FindMatchesAsync(string className, string? tenant, FilterNode filter, int limit, CancellationToken ct = default) =>
        FilterRefusal.Run(() => FindMatchesFilteredAsync(className, tenant, filter, limit, ct), SqliteErrors.RefusedQuery);

    private async Task<MatchResult> FindMatchesFilteredAsync(string className, string? tenant, FilterNode filter, int limit, CancellationToken ct)
    {
        // SQLite's calls are synchronous: a caller gone before they start is the one cancellation they can see.
        ct.ThrowIfCancellationRequested();
        await using var c = OpenRead();
        // Deferred: the snapshot starts at the first read, after the segment was read while compiling.
        await using var tx = c.BeginTransaction(deferred: true);
        return FindMatches(c, tx, className, tenant, filter, limit, withProperties: false).AsResult();
    }

    /// <summary>
    /// The first <paramref name="limit"/> matching rows in insertion order and the number of matches: from the posting
    /// lists when they answer the filter alone, else by the per-object SQL (two statements: the rows, then the count).
    /// </summary>
    private MatchedRows FindMatches(SqliteConnection c, SqliteTransaction tx, string className, string? tenant, FilterNode filter, int limit, bool withProperties)
    {
        if (FindMatchesIndexOnly(c, tx, className, tenant, filter, limit, withProperties) is { } fromLists) return fromLists;
        using var cmd = FindMatchesCommand(c, className, tenant, filter, limit, _segment, MatchColumns(withProperties));
        cmd.Transaction = tx;
        using var r = cmd.ExecuteReader();
        var rows = ReadMatches(r);
        r.NextResult();
        r.Read();
        return new MatchedRows(rows, r.GetInt64(0));
    }

    /// <summary>
    /// The statements <see cref="FindMatchesAsync"/> runs by the per-object SQL: the first <paramref name="limit"/>
    /// matching rows in insertion order (<paramref name="columns"/>, the id first), then the number of matches
    /// (internal so that the query-plan tests explain this very command).
    /// </summary>
    internal static SqliteCommand FindMatchesCommand(SqliteConnection c, string className, string? tenant, FilterNode filter, int limit, IndexSegment? segment = null,
        string columns = "o.id")
    {
        var cmd = c.CreateCommand();
        cmd.Parameters.AddWithValue("$c", className);
        cmd.Parameters.AddWithValue("$t", tenant ?? "");
        cmd.Parameters.AddWithValue("$limit", limit);
        var predicate = SqliteFilterCompiler.Compile(filter, cmd, tenant, segment: segment);
        // The unary '+' keeps SQLite from driving the query by the class index (every object of the class):
        // the filter's index lookups then drive it, so a few matches among millions cost a few lookups.
        cmd.CommandText =
            $"SELECT {columns} FROM objects o WHERE +o.class = $c AND +o.tenant = $t AND ({predicate}) ORDER BY o.seq LIMIT $limit; " +
            $"SELECT count(*) FROM objects o WHERE +o.class = $c AND +o.tenant = $t AND ({predicate});";
        return cmd;
    }

    /// <summary>
    /// The filter over the posting rows and the in-memory segment. Compiled before the statement runs, so the
    /// statement's snapshot is taken after the segment was read: a part retired from memory since is on disk by then.
    /// </summary>
    private string CompileFilter(FilterNode filter, string? tenant, SqliteCommand cmd) =>
        SqliteFilterCompiler.Compile(filter, cmd, tenant, segment: _segment);

    public async Task<IReadOnlyList<string>> ListTenantsAsync(string className, CancellationToken ct = default)
    {
        await using var c = OpenRead();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT DISTINCT tenant FROM objects WHERE class = $c AND tenant <> '' ORDER BY tenant";
        cmd.Bind(("$c", className));
        var tenants = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) tenants.Add(r.GetString(0));
        return tenants;
    }

    public async Task<IReadOnlyDictionary<string, long>> CountByClassAsync(CancellationToken ct = default)
    {
        await using var c = OpenRead();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT class, count(*) FROM objects GROUP BY class";
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) counts[r.GetString(0)] = r.GetInt64(1);
        return counts;
    }

    public async Task PingAsync(CancellationToken ct = default)
    {
        await using var c = OpenRead();
        await using var cmd = c.CreateCommand();
        // A table of the store, not a constant: reads the file the store lives in.
        cmd.CommandText = "SELECT 1 FROM classes LIMIT 1";
        await cmd.ExecuteScalarAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _garbage.DisposeAsync();
        await _writer.DisposeAsync();
        await _checkpointer.DisposeAsync();
        // The pooled read connections would keep the files open for the life of the process.
        using var pooled = new SqliteConnection(_readConnectionString);
        SqliteConnection.ClearPool(pooled);
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

}
