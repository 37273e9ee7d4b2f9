using System.Globalization;

namespace Barge.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>SQLite's own default for <c>max_page_count</c>: in effect no cap.</summary>
    private const long NoPageLimit = 4294967294;

    /// <summary>
    /// For tests of a full disk, which a test cannot make without root: caps the database at <paramref name="pages"/>
    /// pages or its current size, whichever is larger (SQLite's <c>max_page_count</c>, set on the writer's connection,
    /// where it applies), so that the next write needing a new page fails with SQLITE_FULL as on a full disk;
    /// <c>null</c> lifts the cap. Returns the cap in force. Nothing in the server calls it.
    /// </summary>
    public Task<long> LimitPagesForTestsAsync(long? pages, CancellationToken ct = default) =>
        _writer.RunAsync(ctx =>
        {
            using var cmd = ctx.Connection.CreateCommand();
            cmd.Transaction = ctx.Transaction;
            cmd.CommandText = "PRAGMA max_page_count = " + (pages ?? NoPageLimit).ToString(CultureInfo.InvariantCulture);
            return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        }, ct);
}
