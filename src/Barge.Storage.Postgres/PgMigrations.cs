using System.Reflection;
using Barge.Storage.Relational;
using Npgsql;

namespace Barge.Storage.Postgres;

/// <summary>
/// Applies the numbered <c>Migrations/*.sql</c> scripts the schema has not seen yet, tracked in
/// <c>barge_migrations</c>. Everything runs in one transaction under a transaction-scoped advisory lock, so two nodes
/// starting at once take turns: the second finds the versions the first applied and does nothing.
/// </summary>
internal static class PgMigrations
{
    public static async Task ApplyAsync(NpgsqlConnection c, CancellationToken ct)
    {
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        // No schema: the Search Path names a schema that does not exist, and CREATE TABLE would fail obscurely.
        if (await ScalarAsync(c, tx, "SELECT current_schema()", ct).ConfigureAwait(false) is not string)
            // A configuration error, reported as such: `barge serve` prints it and exits instead of crashing.
            throw new ArgumentException("the connection's search path names no existing schema; create it first or fix 'Search Path'", "Search Path");
        await ScalarAsync(c, tx, "SELECT pg_advisory_xact_lock(hashtext(current_schema() || '/barge-migrations'))", ct).ConfigureAwait(false);
        await ScalarAsync(c, tx, "CREATE TABLE IF NOT EXISTS barge_migrations(version integer PRIMARY KEY)", ct).ConfigureAwait(false);
        var applied = new HashSet<int>();
        await using (var cmd = new NpgsqlCommand("SELECT version FROM barge_migrations", c, tx))
        await using (var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
            while (await r.ReadAsync(ct).ConfigureAwait(false)) applied.Add(r.GetInt32(0));
        foreach (var (version, sql) in Scripts())
        {
            if (applied.Contains(version)) continue;
            await ScalarAsync(c, tx, sql, ct).ConfigureAwait(false);
            await using var mark = new NpgsqlCommand("INSERT INTO barge_migrations(version) VALUES($1)", c, tx);
            mark.Parameters.AddWithValue(version);
            await mark.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            // The keyword index of the objects already stored needs the tokenizer: C#, in the same transaction.
            if (version == PgKeywordBackfill.Version) await PgKeywordBackfill.RunAsync(c, ct).ConfigureAwait(false);
            // Integers past 2^53 stored as doubles are computed again from their objects: C#'s indexing, the same transaction.
            if (version == PgExactIntegers.Version) await PgExactIntegers.RunAsync(c, ct).ConfigureAwait(false);
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    private static IEnumerable<(int Version, string Sql)> Scripts() =>
        MigrationScripts.In(Assembly.GetExecutingAssembly(), "Barge.Storage.Postgres.Migrations.");

    private static async Task<object?> ScalarAsync(NpgsqlConnection c, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, c, tx);
        return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false);
    }
}
