using System.Data;
using Barge.Core.Filters;
using Barge.Core.Objects;
using Barge.Core.Storage;
using Barge.Storage.Postgres.Filters;
using Barge.Storage.Relational;
using Npgsql;
using NpgsqlTypes;

namespace Barge.Storage.Postgres;

/// <summary>
/// Listing and counting by a filter the posting lists answer alone (<see cref="PgIndexOnlyFilter"/>), as the SQLite
/// store does: the matches are a bitmap of seqs read from the lists, so a count reads no object row, and a first page
/// in id order walks the class's id index only until it has met enough matches (the bitmap goes to PostgreSQL as a
/// <c>bytea</c> that <c>get_bit</c> tests per row), instead of joining every match to its row and sorting.
/// </summary>
public sealed partial class PostgresStore
{
    /// <summary>
    /// How many id-index entries a walk may step over per match before it gives up for the direct read (see
    /// <see cref="IndexOnlyPaging"/>): a step is an index entry and its row, read in id order; the direct read pays a
    /// lookup and a sort per match.
    /// </summary>
    private const long WalkStepsPerMatch = 4;

    /// <summary>The page of an unsorted, cursorless, class-scoped listing with an index-only filter; null when it does not apply.</summary>
    private async Task<ObjectPage?> ListIndexOnlyAsync(ListQuery query, CancellationToken ct)
    {
        if (query.Class is null || query.Filter is null || query.After is not null || query.Sort.Count > 0) return null;
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var read = c.CreateCommand();
        var filter = PostgresFilterCompiler.CompileIndexOnly(query.Filter, read);
        if (filter is null) return null;
        read.CommandText = filter.CommandText();
        read.Parameters.Add(new NpgsqlParameter("c", NpgsqlDbType.Text) { Value = query.Class });
        // One snapshot for the lists, the dead seqs and the rows: a seq in the bitmap is then either a row the page
        // reads or a dead seq already taken out.
        await using var tx = await c.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        SeqSet matches;
        await using (var r = await read.ExecuteReaderAsync(ct)) matches = await filter.ReadAsync(r, ct);
        var tenant = PgText.Tenant(query.Tenant);
        long? total = query.CountTotal ? await CountIndexOnlyAsync(c, query.Class, tenant, matches, ct) : null;
        var objects = query.Limit > 0 ? await PageIndexOnlyAsync(c, query, tenant, matches, ct) : [];
        await tx.CommitAsync(ct);
        return new ObjectPage(objects, total);
    }

    /// <summary>
    /// The first <paramref name="limit"/> matches in seq order (delete-by-query's order) and their number, for a filter
    /// the posting lists answer alone; null when the filter is not index-only. <paramref name="command"/> makes a
    /// command on the connection and transaction to read on: a reader's snapshot, or the writer's transaction, whose
    /// jobs are synchronous (<paramref name="sync"/>: every call then completes before it returns).
    /// </summary>
    private static async ValueTask<MatchedRows?> FindMatchesIndexOnlyAsync(Func<NpgsqlCommand> command, string cls, string? tenant, FilterNode filter, int limit,
        bool sync, CancellationToken ct)
    {
        var read = command();
        await using var readDisposal = new SyncDisposal<NpgsqlCommand>(read, sync);
        var compiled = PostgresFilterCompiler.CompileIndexOnly(filter, read);
        if (compiled is null) return null;
        read.CommandText = compiled.CommandText();
        read.Parameters.Add(new NpgsqlParameter("c", NpgsqlDbType.Text) { Value = cls });
        SeqSet matches;
        var r = sync ? read.ExecuteReader() : await read.ExecuteReaderAsync(ct);
        await using (new SyncDisposal<NpgsqlDataReader>(r, sync))
            matches = sync ? compiled.Read(r) : await compiled.ReadAsync(r, ct);

        var cmd = command();
        await using var cmdDisposal = new SyncDisposal<NpgsqlCommand>(cmd, sync);
        cmd.Parameters.Add(new NpgsqlParameter("c", NpgsqlDbType.Text) { Value = cls });
        cmd.Parameters.Add(new NpgsqlParameter("t", NpgsqlDbType.Text) { Value = PgText.Tenant(tenant) });
        cmd.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Bigint) { Value = (long)limit });
        cmd.CommandText = "SELECT EXISTS(SELECT 1 FROM objects WHERE class = @c AND tenant > '')";
        var tenants = (bool)(sync ? cmd.ExecuteScalar() : await cmd.ExecuteScalarAsync(ct))!;
        var seqs = new NpgsqlParameter("seqs", NpgsqlDbType.Array | NpgsqlDbType.Bigint);
        cmd.Parameters.Add(seqs);
        long total;
        if (!tenants && string.IsNullOrEmpty(tenant))
        {
            // Every match is a row of the class without a tenant: the count is the bitmap's, the page its first seqs.
            total = matches.Count();
            seqs.Value = matches.Ascending().Take(limit).ToArray();
        }
        else
        {
            seqs.Value = matches.Ascending().ToArray();
            cmd.CommandText = "SELECT count(*) FROM objects WHERE class = @c AND tenant = @t AND seq = ANY(@seqs)";
            total = (long)(sync ? cmd.ExecuteScalar() : await cmd.ExecuteScalarAsync(ct))!;
        }
        cmd.CommandText = "SELECT id, seq FROM objects WHERE class = @c AND tenant = @t AND seq = ANY(@seqs) ORDER BY seq LIMIT @limit";
        var rows = sync ? cmd.ExecuteReader() : await cmd.ExecuteReaderAsync(ct);
        await using (new SyncDisposal<NpgsqlDataReader>(rows, sync))
            return new MatchedRows(await ReadMatchesAsync(rows, sync, ct), total);
    }

    /// <summary>
    /// Rows of (id, seq). No properties: PostgreSQL's delete queues a row's garbage from the row itself
    /// (<see cref="PgPendingRows"/>).
    /// </summary>
    private static async ValueTask<List<MatchedRow>> ReadMatchesAsync(NpgsqlDataReader r, bool sync, CancellationToken ct)
    {
        var rows = new List<MatchedRow>();
        while (sync ? r.Read() : await r.ReadAsync(ct)) rows.Add(new MatchedRow(r.GetGuid(0).ToString("D"), r.GetInt64(1), ""));
        return rows;
    }

    /// <summary>
    /// The matches in the class and tenant: the bitmap's size when no object of the class has a tenant (the lists
    /// hold only the class's seqs), else the tenant's rows among the matches, from the (class, tenant, seq) index.
    /// </summary>
    private static async Task<long> CountIndexOnlyAsync(NpgsqlConnection c, string cls, string tenant, SeqSet matches, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.Parameters.Add(new NpgsqlParameter("c", NpgsqlDbType.Text) { Value = cls });
        cmd.Parameters.Add(new NpgsqlParameter("t", NpgsqlDbType.Text) { Value = tenant });
        cmd.CommandText = "SELECT EXISTS(SELECT 1 FROM objects WHERE class = @c AND tenant > '')";
        if (tenant.Length == 0 && !(bool)(await cmd.ExecuteScalarAsync(ct))!) return matches.Count();
        cmd.CommandText = "SELECT count(*) FROM objects WHERE class = @c AND tenant = @t AND seq = ANY(@seqs)";
        cmd.Parameters.Add(new NpgsqlParameter("seqs", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = matches.Ascending().ToArray() });
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// The page in id order. Many matches: PostgreSQL walks the class and tenant's id index in order, testing each
    /// row's seq in the bitmap, and stops at offset + limit matches, or after a budget of steps (the walk's rows are
    /// taken from a sub-select limited to that budget), when fewer matches than that came back. Few matches (or a
    /// walk that ran out of budget): the matching rows are looked up by seq and sorted by id.
    /// </summary>
    private static async Task<List<StoredObject>> PageIndexOnlyAsync(NpgsqlConnection c, ListQuery query, string tenant, SeqSet matches, CancellationToken ct)
    {
        var n = matches.Count();
        if (n == 0 || query.Offset >= n) return [];
        var columns = query.WithVectors ? PgObjectRows.Columns : PgObjectRows.ColumnsWithoutVector;
        if (IndexOnlyPaging.Walks(n))
        {
            await using var walk = PageCommand(c, query, tenant);
            var bitmap = matches.ToBitmap();
            walk.Parameters.Add(new NpgsqlParameter("bits", NpgsqlDbType.Bytea) { Value = bitmap });
            walk.Parameters.Add(new NpgsqlParameter("nbits", NpgsqlDbType.Bigint) { Value = bitmap.LongLength * 8 });
            walk.Parameters.Add(new NpgsqlParameter("steps", NpgsqlDbType.Bigint) { Value = IndexOnlyPaging.WalkBudget(n, WalkStepsPerMatch) });
            // CASE: the bit is read only for a seq inside the bitmap (get_bit refuses an index past its end).
            walk.CommandText = $"SELECT {columns} FROM (SELECT * FROM objects WHERE class = @c AND tenant = @t ORDER BY id LIMIT @steps) o " +
                               "WHERE CASE WHEN o.seq < @nbits THEN get_bit(@bits, o.seq) = 1 ELSE FALSE END ORDER BY o.id LIMIT @limit OFFSET @offset";
            var walked = await ReadObjectsAsync(walk, ct);
            if (walked.Count == query.Limit) return walked;
        }
        await using var direct = PageCommand(c, query, tenant);
        direct.CommandText = $"SELECT {columns} FROM objects o WHERE o.class = @c AND o.tenant = @t AND o.seq = ANY(@seqs) ORDER BY o.id LIMIT @limit OFFSET @offset";
        direct.Parameters.Add(new NpgsqlParameter("seqs", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = matches.Ascending().ToArray() });
        return await ReadObjectsAsync(direct, ct);
    }

    /// <summary>A command with the page's class, tenant, limit and offset bound.</summary>
    private static NpgsqlCommand PageCommand(NpgsqlConnection c, ListQuery query, string tenant)
    {
        var cmd = c.CreateCommand();
        cmd.Parameters.Add(new NpgsqlParameter("c", NpgsqlDbType.Text) { Value = query.Class });
        cmd.Parameters.Add(new NpgsqlParameter("t", NpgsqlDbType.Text) { Value = tenant });
        cmd.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Bigint) { Value = (long)query.Limit });
        cmd.Parameters.Add(new NpgsqlParameter("offset", NpgsqlDbType.Bigint) { Value = (long)query.Offset });
        return cmd;
    }

    private static async Task<List<StoredObject>> ReadObjectsAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var objects = new List<StoredObject>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) objects.Add(PgObjectRows.Read(r));
        return objects;
    }
}
