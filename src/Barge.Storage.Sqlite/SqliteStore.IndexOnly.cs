using System.Globalization;
using System.Text;
using Barge.Core.Filters;
using Barge.Core.Objects;
using Barge.Core.Storage;
using Barge.Storage.Relational;
using Barge.Storage.Sqlite.Filters;
using Microsoft.Data.Sqlite;

namespace Barge.Storage.Sqlite;

/// <summary>
/// Listing and counting by a filter the posting lists answer alone (<see cref="IndexOnlyFilter"/>): the matches are
/// a bitmap of seqs read from the lists, so a count reads no object row, and a first page in id order walks the
/// class's id index only until it has met enough matches, instead of joining every match to its row and sorting.
/// </summary>
public sealed partial class SqliteStore
{
    /// <summary>
    /// How many id-index entries a walk may step over per match before it gives up for the direct read (see
    /// <see cref="IndexOnlyPaging"/>): a step reads one entry (class, tenant, id → seq) of the covering index in
    /// order, through SQLite's raw API, while the direct read pays a table row lookup per match and then sorts, many
    /// times a step's cost. A walk that gives up has spent a bounded fraction of what the direct read then costs.
    /// </summary>
    private const long WalkStepsPerMatch = 8;

    /// <summary>The page of an unsorted, cursorless, class-scoped listing with an index-only filter; null when it does not apply.</summary>
    private async Task<ObjectPage?> ListIndexOnlyAsync(ListQuery query, CancellationToken ct)
    {
        if (query.Class is null || query.Filter is null || query.After is not null || query.Sort.Count > 0) return null;
        await using var c = OpenRead();
        await using var read = c.CreateCommand();
        read.Parameters.AddWithValue("$c", query.Class);
        var filter = SqliteFilterCompiler.CompileIndexOnly(query.Filter, read, _segment);
        if (filter is null) return null;
        read.CommandText = filter.CommandText();
        // One snapshot for the lists, the dead seqs and the rows: deferred, it starts at the first read, after the
        // segment was read above.
        await using var tx = c.BeginTransaction(deferred: true);
        read.Transaction = tx;
        SeqSet matches;
        await using (var r = await read.ExecuteReaderAsync(ct)) matches = filter.Read(r);
        var tenant = query.Tenant ?? "";
        long? total = query.CountTotal ? await CountAsync(c, tx, query.Class, tenant, matches, ct) : null;
        var objects = query.Limit > 0 ? await PageAsync(c, tx, query, tenant, matches, ct) : [];
        return new ObjectPage(objects, total);
    }

    /// <summary>
    /// The first <paramref name="limit"/> matches in seq order (delete-by-query's order) and their number, for a filter
    /// the posting lists answer alone; null when the filter is not index-only. The lists, the dead seqs and the rows
    /// are read on <paramref name="tx"/>, one snapshot: a match is then a live row of the class. The rows carry their
    /// properties only <paramref name="withProperties"/> (for the writer's delete).
    /// </summary>
    private MatchedRows? FindMatchesIndexOnly(SqliteConnection c, SqliteTransaction tx, string cls, string? tenant, FilterNode filter, int limit, bool withProperties)
    {
        using var read = c.CreateCommand();
        read.Transaction = tx;
        read.Parameters.AddWithValue("$c", cls);
        var compiled = SqliteFilterCompiler.CompileIndexOnly(filter, read, _segment);
        if (compiled is null) return null;
        read.CommandText = compiled.CommandText();
        SeqSet matches;
        using (var r = read.ExecuteReader()) matches = compiled.Read(r);

        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.Parameters.AddWithValue("$c", cls);
        cmd.Parameters.AddWithValue("$t", tenant ?? "");
        cmd.Parameters.AddWithValue("$limit", limit);
        cmd.CommandText = "SELECT EXISTS(SELECT 1 FROM objects WHERE class = $c AND tenant > '')";
        var tenants = Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture) != 0;
        var columns = MatchColumns(withProperties);
        long total;
        if (!tenants && string.IsNullOrEmpty(tenant))
        {
            // Every match is a row of the class without a tenant: the count is the bitmap's, the page its first seqs.
            total = matches.Count();
            cmd.Parameters.AddWithValue("$seqs", SeqsJson(matches.Ascending().Take(limit)));
            cmd.CommandText = $"SELECT {columns} FROM json_each($seqs) j CROSS JOIN objects o ON o.seq = j.value ORDER BY o.seq";
        }
        else
        {
            cmd.Parameters.AddWithValue("$seqs", SeqsJson(matches.Ascending()));
            cmd.CommandText = "SELECT count(*) FROM json_each($seqs) j CROSS JOIN objects o ON o.seq = j.value WHERE o.class = $c AND o.tenant = $t";
            total = Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
            cmd.CommandText = $"SELECT {columns} FROM json_each($seqs) j CROSS JOIN objects o ON o.seq = j.value " +
                              "WHERE o.class = $c AND o.tenant = $t ORDER BY o.seq LIMIT $limit";
        }
        using var rows = cmd.ExecuteReader();
        return new MatchedRows(ReadMatches(rows), total);
    }

    /// <summary>What a match reads of each row, for <see cref="ReadMatches"/>: the properties only for a delete.</summary>
    private static string MatchColumns(bool withProperties) => withProperties ? "o.id, o.seq, o.properties" : "o.id, o.seq, ''";

    private static List<MatchedRow> ReadMatches(SqliteDataReader r)
    {
        var rows = new List<MatchedRow>();
        while (r.Read()) rows.Add(new MatchedRow(r.GetString(0), r.GetInt64(1), r.GetString(2)));
        return rows;
    }

    /// <summary>
    /// The matches in the class and tenant: the bitmap's size when no object of the class has a tenant (the lists
    /// hold only the class's seqs), else each match's row checked for the tenant.
    /// </summary>
    private static async Task<long> CountAsync(SqliteConnection c, SqliteTransaction tx, string cls, string tenant, SeqSet matches, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.Parameters.AddWithValue("$c", cls);
        cmd.Parameters.AddWithValue("$t", tenant);
        cmd.CommandText = "SELECT EXISTS(SELECT 1 FROM objects WHERE class = $c AND tenant > '')";
        if (tenant.Length == 0 && Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) == 0) return matches.Count();
        cmd.CommandText = "SELECT count(*) FROM json_each($seqs) j CROSS JOIN objects o ON o.seq = j.value WHERE o.class = $c AND o.tenant = $t";
        cmd.Parameters.AddWithValue("$seqs", SeqsJson(matches.Ascending()));
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The page in id order. Many matches: the class and tenant's id index is walked in order and each entry's seq
    /// looked up in the bitmap until offset + limit matches are met, then only those rows are read. Few matches (or a
    /// walk that stepped over more entries than the matches are): the matching rows are read and sorted by id.
    /// </summary>
    private static async Task<List<StoredObject>> PageAsync(SqliteConnection c, SqliteTransaction tx, ListQuery query, string tenant, SeqSet matches, CancellationToken ct)
    {
        var n = matches.Count();
        var wanted = (long)query.Offset + query.Limit;
        var columns = query.WithVectors ? ObjectRows.Columns : ObjectRows.ColumnsWithoutVector;
        await using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.Parameters.AddWithValue("$c", query.Class);
        cmd.Parameters.AddWithValue("$t", tenant);
        if (n == 0 || query.Offset >= n) return [];
        if (IndexOnlyPaging.Walks(n))
        {
            var found = Walk(c, query.Class!, tenant, matches, wanted, IndexOnlyPaging.WalkBudget(n, WalkStepsPerMatch), ct);
            if (found is not null)
            {
                cmd.CommandText = $"SELECT {columns} FROM json_each($seqs) j CROSS JOIN objects o ON o.seq = j.value ORDER BY o.id";
                cmd.Parameters.AddWithValue("$seqs", SeqsJson(found.Skip(query.Offset)));
                return await ReadObjectsAsync(cmd, ct);
            }
        }
        // The page's seqs first, from the matches' ids alone (a row's leading columns, not its properties), then only
        // the page's rows.
        cmd.CommandText = "SELECT o.seq FROM json_each($seqs) j CROSS JOIN objects o ON o.seq = j.value " +
                          "WHERE o.class = $c AND o.tenant = $t ORDER BY o.id LIMIT $limit OFFSET $offset";
        cmd.Parameters.AddWithValue("$seqs", SeqsJson(matches.Ascending()));
        cmd.Parameters.AddWithValue("$limit", query.Limit);
        cmd.Parameters.AddWithValue("$offset", query.Offset);
        var page = new List<long>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (r.Read()) page.Add(r.GetInt64(0));
        cmd.Parameters.Clear();
        cmd.CommandText = $"SELECT {columns} FROM json_each($seqs) j CROSS JOIN objects o ON o.seq = j.value ORDER BY o.id";
        cmd.Parameters.AddWithValue("$seqs", SeqsJson(page));
        return await ReadObjectsAsync(cmd, ct);
    }

    /// <summary>The first <paramref name="wanted"/> matching seqs in id order, or null after <paramref name="maxSteps"/> entries.</summary>
    private static List<long>? Walk(SqliteConnection c, string cls, string tenant, SeqSet matches, long wanted, long maxSteps, CancellationToken ct)
    {
        using var walk = new RawStatement(c, "SELECT seq FROM objects WHERE class = ?1 AND tenant = ?2 ORDER BY id");
        walk.Bind(1, cls).Bind(2, tenant);
        var found = new List<long>();
        long steps = 0;
        try
        {
            while (found.Count < wanted && walk.NextRow())
            {
                if (++steps > maxSteps) return null;
                if ((steps & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
                var seq = walk.Int64(0);
                if (matches.Contains(seq)) found.Add(seq);
            }
        }
        finally
        {
            walk.Reset();
        }
        return found;
    }

    private static async Task<List<StoredObject>> ReadObjectsAsync(SqliteCommand cmd, CancellationToken ct)
    {
        var objects = new List<StoredObject>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) objects.Add(ObjectRows.Read(r));
        return objects;
    }

    private static string SeqsJson(IEnumerable<long> seqs)
    {
        var json = new StringBuilder("[");
        foreach (var seq in seqs)
        {
            if (json.Length > 1) json.Append(',');
            json.Append(seq.ToString(CultureInfo.InvariantCulture));
        }
        return json.Append(']').ToString();
    }
}
