using System.Data;
using System.Text;
using Barge.Core.Filters;
using Barge.Core.Objects;
using Barge.Core.Storage;
using Barge.Storage.Postgres.Filters;
using Barge.Storage.Relational;
using Npgsql;
using NpgsqlTypes;

namespace Barge.Storage.Postgres;

/// <summary>Listing and filter matching, with the SQLite store's order, paging and counts.</summary>
public sealed partial class PostgresStore
{
    public Task<ObjectPage> ListAsync(ListQuery query, CancellationToken ct = default) =>
        FilterRefusal.Run(() => ListFilteredAsync(query, ct), PgErrors.RefusedQuery);

    private async Task<ObjectPage> ListFilteredAsync(ListQuery query, CancellationToken ct)
    {
        if (await ListIndexOnlyAsync(query, ct) is { } indexOnly) return indexOnly;
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = c.CreateCommand();
        var where = new StringBuilder("TRUE");
        if (query.Class is not null)
        {
            where.Append(" AND o.class = @c AND o.tenant = @t");
            cmd.Parameters.Add(new NpgsqlParameter("c", NpgsqlDbType.Text) { Value = query.Class });
            cmd.Parameters.Add(new NpgsqlParameter("t", NpgsqlDbType.Text) { Value = PgText.Tenant(query.Tenant) });
        }
        if (query.Filter is not null) where.Append(" AND (").Append(PostgresFilterCompiler.Compile(query.Filter, cmd, query.Tenant)).Append(')');
        var filtered = where.ToString();
        if (query.After is not null)
        {
            // Ids order as their canonical text; a cursor that is not a canonical uuid is compared as text, as the SQLite store does.
            if (PgIds.TryCanonical(query.After, out var after))
            {
                where.Append(" AND o.id > @after");
                cmd.Parameters.Add(new NpgsqlParameter("after", NpgsqlDbType.Uuid) { Value = after });
            }
            else
            {
                where.Append(" AND (o.id::text COLLATE \"C\") > @after");
                cmd.Parameters.Add(new NpgsqlParameter("after", NpgsqlDbType.Text) { Value = query.After });
            }
        }
        // Unsorted, ORDER BY o.id with class and tenant fixed is the order of the UNIQUE (class, tenant, id) index: a
        // cursor page is an index range scan from the cursor, however deep into the class it is.
        var sorting = PgSortOrder.For(query.Sort, cmd);
        var columns = query.WithVectors ? PgObjectRows.Columns : PgObjectRows.ColumnsWithoutVector;
        cmd.CommandText = $"SELECT {columns} FROM objects o{sorting.Lateral} WHERE {where} ORDER BY {sorting.OrderBy} LIMIT @limit OFFSET @offset;";
        if (query.CountTotal) cmd.CommandText += $" SELECT count(*) FROM objects o WHERE {filtered};";
        cmd.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Bigint) { Value = (long)query.Limit });
        cmd.Parameters.Add(new NpgsqlParameter("offset", NpgsqlDbType.Bigint) { Value = (long)query.Offset });
        var objects = new List<StoredObject>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) objects.Add(PgObjectRows.Read(r));
        if (!query.CountTotal) return new ObjectPage(objects, null);
        await r.NextResultAsync(ct);
        await r.ReadAsync(ct);
        return new ObjectPage(objects, r.GetInt64(0));
    }

    public Task<MatchResult> FindMatchesAsync(string className, string? tenant, FilterNode filter, int limit, CancellationToken ct = default) =>
        FilterRefusal.Run(() => FindMatchesFilteredAsync(className, tenant, filter, limit, ct), PgErrors.RefusedQuery);

    private async Task<MatchResult> FindMatchesFilteredAsync(string className, string? tenant, FilterNode filter, int limit, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        // One snapshot for the lists, the dead seqs and the rows.
        await using var tx = await c.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        return (await FindMatchesAsync(c.CreateCommand, className, tenant, filter, limit, sync: false, ct)).AsResult();
    }

    /// <summary>
    /// The first <paramref name="limit"/> matching rows in insertion order and the number of matches: from the posting
    /// lists when they answer the filter alone, else by the per-object SQL (two statements: the rows, then the count).
    /// <paramref name="command"/> makes a command on the connection and transaction to read on: a reader's snapshot,
    /// or the writer's transaction, whose jobs are synchronous (<paramref name="sync"/>).
    /// </summary>
    private static async ValueTask<MatchedRows> FindMatchesAsync(Func<NpgsqlCommand> command, string className, string? tenant, FilterNode filter, int limit,
        bool sync, CancellationToken ct)
    {
        if (await FindMatchesIndexOnlyAsync(command, className, tenant, filter, limit, sync, ct) is { } fromLists) return fromLists;
        var cmd = command();
        await using var cmdDisposal = new SyncDisposal<NpgsqlCommand>(cmd, sync);
        FindMatchesStatements(cmd, className, tenant, filter, limit);
        var r = sync ? cmd.ExecuteReader() : await cmd.ExecuteReaderAsync(ct);
        await using var readerDisposal = new SyncDisposal<NpgsqlDataReader>(r, sync);
        var rows = await ReadMatchesAsync(r, sync, ct);
        _ = sync ? r.NextResult() : await r.NextResultAsync(ct);
        _ = sync ? r.Read() : await r.ReadAsync(ct);
        return new MatchedRows(rows, r.GetInt64(0));
    }

    /// <summary>
    /// The statements <see cref="FindMatchesAsync"/> runs: the first <paramref name="limit"/> matching ids in insertion
    /// order, then the number of matches (internal so that the query-plan tests explain this very command).
    /// </summary>
    internal static NpgsqlCommand FindMatchesCommand(NpgsqlConnection c, string className, string? tenant, FilterNode filter, int limit)
    {
        var cmd = c.CreateCommand();
        FindMatchesStatements(cmd, className, tenant, filter, limit);
        return cmd;
    }

    /// <summary>Sets <paramref name="cmd"/>'s statements and parameters: rows of (id, seq), then the count.</summary>
    private static void FindMatchesStatements(NpgsqlCommand cmd, string className, string? tenant, FilterNode filter, int limit)
    {
        cmd.Parameters.Add(new NpgsqlParameter("c", NpgsqlDbType.Text) { Value = className });
        cmd.Parameters.Add(new NpgsqlParameter("t", NpgsqlDbType.Text) { Value = PgText.Tenant(tenant) });
        cmd.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Bigint) { Value = (long)limit });
        var predicate = PostgresFilterCompiler.Compile(filter, cmd, tenant);
        cmd.CommandText =
            $"SELECT o.id, o.seq FROM objects o WHERE o.class = @c AND o.tenant = @t AND ({predicate}) ORDER BY o.seq LIMIT @limit; " +
            $"SELECT count(*) FROM objects o WHERE o.class = @c AND o.tenant = @t AND ({predicate});";
    }
}
