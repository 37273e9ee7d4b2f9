using Npgsql;

namespace Barge.Storage.Postgres;

/// <summary>
/// Keeps the objects table's statistics and indexes close to the truth after large writes. Autovacuum comes a minute
/// or more after a table changed, and until then the planner plans with the old size and the indexes still hold the
/// entries of deleted rows: an import of many objects, or their undo or delete, is followed at once by statements over
/// them planned for an empty table. Seen on an import, undo, import again and delete-by-query of 20,000 objects: the
/// undo's check of its objects joined them to the whole table once per object, the delete's filter rescanned a posting
/// list once per object, and the second import's lookup scanned an index full of dead entries once per object, each
/// quadratic in the objects. So when the rows this writer inserted or deleted since it last did so reach a fifth of
/// the table's size then (and at least <see cref="MinRows"/>), the writer runs VACUUM (ANALYZE) on the objects table
/// right after its commit, before the writes are answered.
/// </summary>
internal sealed class PgObjectStatistics
{
    /// <summary>Below this many changed rows a wrong plan costs little, and VACUUM would cost more than it saves.</summary>
    private const long MinRows = 5_000;
    private const double ChangedShare = 0.2;
    private const string AnalyzeSql = "VACUUM (ANALYZE) objects";
    private const string RowsSql = "SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = 'objects'::regclass";

    private long _committed;
    private long _uncommitted;
    private long _tableRows;

    public void Changed(int rows) => _uncommitted += rows;

    public void RolledBack() => _uncommitted = 0;

    public void Committed(NpgsqlConnection connection)
    {
        _committed += _uncommitted;
        _uncommitted = 0;
        if (_committed < MinRows || _committed < ChangedShare * _tableRows) return;
        try
        {
            using (var analyze = new NpgsqlCommand(AnalyzeSql, connection)) analyze.ExecuteNonQuery();
            using var rows = new NpgsqlCommand(RowsSql, connection);
            _tableRows = (long)(rows.ExecuteScalar() ?? 0L);
            _committed = 0;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // Statistics only steer plans: the commit stands, and the next large commit tries again.
        }
    }
}
