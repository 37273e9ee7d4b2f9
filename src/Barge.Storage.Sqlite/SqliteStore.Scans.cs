using System.Runtime.CompilerServices;
using Barge.Core.Objects;
using Barge.Core.Storage;
using Barge.Storage.Relational;
using Barge.Storage.Sqlite.Filters;
using Microsoft.Data.Sqlite;

namespace Barge.Storage.Sqlite;

/// <summary>
/// Streaming scans for the query engine (exact vector search, aggregations). Each holds one read connection and one
/// reader for the whole enumeration: WAL gives it a stable snapshot without blocking the writer, and rows are read one
/// at a time, so memory does not grow with the class.
/// </summary>
public sealed partial class SqliteStore
{
    public IAsyncEnumerable<StoredVector> ScanVectorsAsync(ObjectScan scan, CancellationToken ct = default) =>
        FilterRefusal.Run(ScanVectorsFilteredAsync(scan), SqliteErrors.RefusedQuery, ct);

    public IAsyncEnumerable<StoredObject> ScanObjectsAsync(ObjectScan scan, CancellationToken ct = default) =>
        FilterRefusal.Run(ScanObjectsFilteredAsync(scan), SqliteErrors.RefusedQuery, ct);

    private async IAsyncEnumerable<StoredVector> ScanVectorsFilteredAsync(ObjectScan scan, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var c = OpenRead();
        await using var cmd = ScanCommand(c, scan, "o.id, o.vector", "o.vector IS NOT NULL");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) yield return new StoredVector(r.GetString(0), VectorEncoding.FromBytes((byte[])r.GetValue(1)));
    }

    private async IAsyncEnumerable<StoredObject> ScanObjectsFilteredAsync(ObjectScan scan, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var c = OpenRead();
        // Without the vector: aggregations never read it, and vectors are most of a row's bytes.
        await using var cmd = ScanCommand(c, scan, ObjectRows.ColumnsWithoutVector, "1=1");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) yield return ObjectRows.Read(r);
    }

    private SqliteCommand ScanCommand(SqliteConnection c, ObjectScan scan, string columns, string condition)
    {
        var cmd = c.CreateCommand();
        cmd.Parameters.AddWithValue("$c", scan.Class);
        cmd.Parameters.AddWithValue("$t", scan.Tenant ?? "");
        // With a filter, the unary '+' keeps SQLite from driving the scan by the class index (as FindMatchesAsync
        // explains): the filter's index lookups drive it, and the few matches are sorted by id afterwards.
        var scope = scan.Filter is null
            ? "o.class = $c AND o.tenant = $t"
            : $"+o.class = $c AND +o.tenant = $t AND ({CompileFilter(scan.Filter, scan.Tenant, cmd)})";
        cmd.CommandText = $"SELECT {columns} FROM objects o WHERE {scope} AND {condition} ORDER BY o.id";
        return cmd;
    }
}
