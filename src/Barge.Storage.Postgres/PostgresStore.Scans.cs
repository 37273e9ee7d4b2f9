using System.Runtime.CompilerServices;
using Barge.Core.Objects;
using Barge.Core.Storage;
using Barge.Storage.Postgres.Filters;
using Barge.Storage.Relational;
using Npgsql;
using NpgsqlTypes;

namespace Barge.Storage.Postgres;

/// <summary>
/// Streaming scans for the query engine (exact vector search, aggregations), in the SQLite store's order (by id). Npgsql
/// reads the rows off the connection as they are consumed, so memory does not grow with the class.
/// </summary>
public sealed partial class PostgresStore
{
    public IAsyncEnumerable<StoredVector> ScanVectorsAsync(ObjectScan scan, CancellationToken ct = default) =>
        FilterRefusal.Run(ScanVectorsFilteredAsync(scan), PgErrors.RefusedQuery, ct);

    public IAsyncEnumerable<StoredObject> ScanObjectsAsync(ObjectScan scan, CancellationToken ct = default) =>
        FilterRefusal.Run(ScanObjectsFilteredAsync(scan), PgErrors.RefusedQuery, ct);

    private async IAsyncEnumerable<StoredVector> ScanVectorsFilteredAsync(ObjectScan scan, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = ScanCommand(c, scan, "o.id, o.vector", "o.vector IS NOT NULL");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) yield return new StoredVector(r.GetGuid(0).ToString("D"), VectorEncoding.FromBytes(r.GetFieldValue<byte[]>(1)));
    }

    private async IAsyncEnumerable<StoredObject> ScanObjectsFilteredAsync(ObjectScan scan, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        // Without the vector: aggregations never read it, and vectors are most of a row's bytes.
        await using var cmd = ScanCommand(c, scan, PgObjectRows.ColumnsWithoutVector, "TRUE");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) yield return PgObjectRows.Read(r);
    }

    private static NpgsqlCommand ScanCommand(NpgsqlConnection c, ObjectScan scan, string columns, string condition)
    {
        var cmd = c.CreateCommand();
        cmd.Parameters.Add(new NpgsqlParameter("c", NpgsqlDbType.Text) { Value = scan.Class });
        cmd.Parameters.Add(new NpgsqlParameter("t", NpgsqlDbType.Text) { Value = PgText.Tenant(scan.Tenant) });
        var filter = scan.Filter is null ? "TRUE" : PostgresFilterCompiler.Compile(scan.Filter, cmd, scan.Tenant);
        cmd.CommandText = $"SELECT {columns} FROM objects o WHERE o.class = @c AND o.tenant = @t AND ({filter}) AND {condition} ORDER BY o.id";
        return cmd;
    }
}
