using Barge.Core.Filters;
using Barge.Core.Indexing;
using Barge.Core.Journal;
using Barge.Core.Objects;
using Barge.Core.Schema;
using Barge.Core.Storage;
using Barge.Storage.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace Barge.Storage.Tests.Backends;

/// <summary>
/// TEMPORARY — delete this file when the PostgreSQL store core (migrations, writer, executor) is merged, and open
/// the store with PostgresStore.OpenAsync in <see cref="PostgresBackend"/>. Until then it lets the contract suite
/// exercise the query, filter and journal code: it applies migration 0001 itself, and <see cref="WriteAsync(IReadOnlyList{WriteCommand}, CancellationToken)"/>
/// writes puts and deletes with plain INSERTs and DELETEs mirroring the SQLite executor (new seq per write, index
/// rows keyed by (id, seq) so that the rows of a replaced object match nothing). Everything else goes to the real store.
/// </summary>
internal sealed class TemporaryPostgresWrites(PostgresStore store, NpgsqlDataSource data) : IObjectStore
{
    public static async Task<(IObjectStore Store, IBatchJournalStore Journal, Func<ValueTask> Close)> OpenAsync(
        string connectionString, Func<string, ClassDefinition?> classes)
    {
        var data = NpgsqlDataSource.Create(connectionString);
        await using (var c = await data.OpenConnectionAsync())
        {
            await using var stream = typeof(PostgresStore).Assembly.GetManifestResourceStream("Barge.Storage.Postgres.Migrations.0001_initial.sql")!;
            using var reader = new StreamReader(stream);
            await using var cmd = new NpgsqlCommand(await reader.ReadToEndAsync(), c);
            await cmd.ExecuteNonQueryAsync();
        }
        var store = new PostgresStore(data, classes);
        return (new TemporaryPostgresWrites(store, data), store, () => data.DisposeAsync());
    }

    public Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<WriteCommand> commands, CancellationToken ct = default) =>
        Write(commands, null);

    public Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<WriteCommand> commands, WriteOptions options, CancellationToken ct = default) =>
        Write(commands, options);

    private async Task<IReadOnlyList<WriteOutcome>> Write(IReadOnlyList<WriteCommand> commands, WriteOptions? options)
    {
        await using var c = await data.OpenConnectionAsync();
        var tx = await c.BeginTransactionAsync();
        var outcomes = new List<WriteOutcome>();
        foreach (var command in commands)
        {
            outcomes.Add(command switch
            {
                PutObject put => Put(c, tx, put, options?.Batch),
                DeleteObject del => Delete(c, tx, del),
                _ => throw new NotSupportedException($"the temporary test writer does not do {command.GetType().Name}"),
            });
        }
        if (options is not null)
        {
            if (options.Atomic && outcomes.Any(o => !o.Succeeded))
            {
                await tx.RollbackAsync();
                await tx.DisposeAsync();
                tx = await c.BeginTransactionAsync();
            }
            PgJournalRows.Complete(c, tx, options.Complete(outcomes));
        }
        await tx.CommitAsync();
        await tx.DisposeAsync();
        return outcomes;
    }

    private static WriteOutcome Put(NpgsqlConnection c, NpgsqlTransaction tx, PutObject put, long? batch)
    {
        var o = put.Object;
        var existing = Find(c, tx, o.Class, o.Tenant, o.Id);
        if (put.Mode == PutMode.CreateOnly && existing is not null) return new WriteOutcome(WriteStatus.AlreadyExists, Error: $"id '{o.Id}' already exists");
        if (put.Mode == PutMode.ReplaceExisting && existing is null) return new WriteOutcome(WriteStatus.NotFound, Error: $"no object with id '{o.Id}'");
        if (existing is { } old) Exec(c, tx, "DELETE FROM objects WHERE id = @id AND seq = @seq", ("id", Guid.Parse(o.Id)), ("seq", old.Seq));
        var stored = put.Mode == PutMode.ReplaceExisting && existing is { } kept
            ? new StoredObject { Class = o.Class, Id = o.Id, Tenant = o.Tenant, Properties = o.Properties, Vector = o.Vector, CreationTimeUnix = kept.Created, LastUpdateTimeUnix = o.LastUpdateTimeUnix }
            : o;
        using var insert = new NpgsqlCommand(
            "INSERT INTO objects(seq, class, tenant, id, created, updated, properties, vector, batch, batch_created) " +
            "VALUES(nextval('objects_seq'), @class, @tenant, @id, @created, @updated, @props, @vector, @batch, @batchCreated) RETURNING seq", c, tx);
        insert.Parameters.AddRange(new NpgsqlParameter[]
        {
            PgJournalRows.Param("class", NpgsqlDbType.Text, stored.Class), PgJournalRows.Param("tenant", NpgsqlDbType.Text, stored.Tenant ?? ""),
            PgJournalRows.Param("id", NpgsqlDbType.Uuid, Guid.Parse(stored.Id)), PgJournalRows.Param("created", NpgsqlDbType.Bigint, stored.CreationTimeUnix),
            PgJournalRows.Param("updated", NpgsqlDbType.Bigint, stored.LastUpdateTimeUnix), PgJournalRows.Param("props", NpgsqlDbType.Text, stored.Properties.ToJsonString()),
            PgJournalRows.Param("vector", NpgsqlDbType.Bytea, PgObjectRows.VectorBytes(stored.Vector)), PgJournalRows.Param("batch", NpgsqlDbType.Bigint, batch),
            PgJournalRows.Param("batchCreated", NpgsqlDbType.Boolean, batch is null ? null : existing is null),
        });
        var seq = (long)insert.ExecuteScalar()!;
        foreach (var entry in put.Index) InsertIndexRow(c, tx, stored.Class, entry, seq, stored.Id);
        return new WriteOutcome(WriteStatus.Ok, stored);
    }

    private static WriteOutcome Delete(NpgsqlConnection c, NpgsqlTransaction tx, DeleteObject del)
    {
        using var cmd = new NpgsqlCommand(
            "SELECT seq, batch, batch_created FROM objects WHERE class = @class AND tenant = @tenant AND id = @id", c, tx);
        cmd.Parameters.AddRange(new NpgsqlParameter[]
        {
            PgJournalRows.Param("class", NpgsqlDbType.Text, del.Class), PgJournalRows.Param("tenant", NpgsqlDbType.Text, del.Tenant ?? ""),
            PgJournalRows.Param("id", NpgsqlDbType.Uuid, Guid.Parse(del.Id)),
        });
        long seq;
        using (var r = cmd.ExecuteReader())
        {
            if (!r.Read()) return new WriteOutcome(WriteStatus.NotFound, Error: del.OnlyIfCreatedByBatch is null ? null : "deleted since");
            if (del.OnlyIfCreatedByBatch is { } batch && (r.IsDBNull(1) || r.GetInt64(1) != batch || r.IsDBNull(2) || !r.GetBoolean(2)))
                return new WriteOutcome(WriteStatus.Failed, Error: "changed since");
            seq = r.GetInt64(0);
        }
        Exec(c, tx, "DELETE FROM objects WHERE id = @id AND seq = @seq", ("id", Guid.Parse(del.Id)), ("seq", seq));
        return new WriteOutcome(WriteStatus.Ok);
    }

    private static (long Seq, long Created)? Find(NpgsqlConnection c, NpgsqlTransaction tx, string cls, string? tenant, string id)
    {
        using var cmd = new NpgsqlCommand("SELECT seq, created FROM objects WHERE class = @class AND tenant = @tenant AND id = @id", c, tx);
        cmd.Parameters.AddRange(new NpgsqlParameter[]
        {
            PgJournalRows.Param("class", NpgsqlDbType.Text, cls), PgJournalRows.Param("tenant", NpgsqlDbType.Text, tenant ?? ""),
            PgJournalRows.Param("id", NpgsqlDbType.Uuid, Guid.Parse(id)),
        });
        using var r = cmd.ExecuteReader();
        return r.Read() ? (r.GetInt64(0), r.GetInt64(1)) : null;
    }

    private static void InsertIndexRow(NpgsqlConnection c, NpgsqlTransaction tx, string cls, IndexEntry entry, long seq, string id)
    {
        var (table, type, value) = entry.Value switch
        {
            string s => ("idx_text", NpgsqlDbType.Text, (object)s),
            long l => ("idx_num", NpgsqlDbType.Double, (double)l),
            double d => ("idx_num", NpgsqlDbType.Double, d),
            bool b => ("idx_num", NpgsqlDbType.Double, b ? 1.0 : 0.0),
            _ => throw new NotSupportedException(entry.Value.GetType().Name),
        };
        Exec(c, tx, "INSERT INTO idx_fields(class, prop) VALUES(@class, @prop) ON CONFLICT DO NOTHING", ("class", cls), ("prop", entry.Property));
        using var cmd = new NpgsqlCommand(
            $"INSERT INTO {table}(field, v, seq, id) VALUES((SELECT id FROM idx_fields WHERE class = @class AND prop = @prop), @v, @seq, @id) ON CONFLICT DO NOTHING", c, tx);
        cmd.Parameters.AddRange(new NpgsqlParameter[]
        {
            PgJournalRows.Param("class", NpgsqlDbType.Text, cls), PgJournalRows.Param("prop", NpgsqlDbType.Text, entry.Property),
            PgJournalRows.Param("v", type, value), PgJournalRows.Param("seq", NpgsqlDbType.Bigint, seq), PgJournalRows.Param("id", NpgsqlDbType.Uuid, Guid.Parse(id)),
        });
        cmd.ExecuteNonQuery();
    }

    private static void Exec(NpgsqlConnection c, NpgsqlTransaction tx, string sql, params (string Name, object Value)[] values)
    {
        using var cmd = new NpgsqlCommand(sql, c, tx);
        foreach (var (name, value) in values) cmd.Parameters.AddWithValue(name, value);
        cmd.ExecuteNonQuery();
    }

    public Task<IReadOnlyList<ClassDefinition>> LoadClassesAsync(CancellationToken ct = default) => store.LoadClassesAsync(ct);
    public Task SaveClassAsync(ClassDefinition definition, CancellationToken ct = default) => store.SaveClassAsync(definition, ct);
    public Task DeleteClassAsync(string className, CancellationToken ct = default) => store.DeleteClassAsync(className, ct);
    public Task<StoredObject?> GetAsync(string className, string id, string? tenant, CancellationToken ct = default) => store.GetAsync(className, id, tenant, ct);
    public bool Exists(string className, string id, string? tenant) => store.Exists(className, id, tenant);
    public Task<IReadOnlyList<string>> FindClassesOfIdAsync(string id, IReadOnlyList<string> candidates, CancellationToken ct = default) =>
        store.FindClassesOfIdAsync(id, candidates, ct);
    public Task<ObjectPage> ListAsync(ListQuery query, CancellationToken ct = default) => store.ListAsync(query, ct);
    public Task<MatchResult> FindMatchesAsync(string className, string? tenant, FilterNode filter, int limit, CancellationToken ct = default) =>
        store.FindMatchesAsync(className, tenant, filter, limit, ct);
    public Task<IReadOnlyDictionary<string, long>> CountByClassAsync(CancellationToken ct = default) => store.CountByClassAsync(ct);
    public ValueTask DisposeAsync() => store.DisposeAsync();
}
