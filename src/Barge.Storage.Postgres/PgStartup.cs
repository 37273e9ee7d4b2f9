using Npgsql;

namespace Barge.Storage.Postgres;

/// <summary>
/// Waits for the database at start-up: a node started together with its PostgreSQL (compose, Kubernetes) must not
/// die because the server is still starting. Refusals that waiting cannot fix (wrong password, no such database)
/// fail at once.
/// </summary>
internal static class PgStartup
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    public static async Task WaitUntilReachableAsync(NpgsqlDataSource data, string connectionString, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
            attempt.CancelAfter(Max(deadline - DateTime.UtcNow, TimeSpan.FromSeconds(1)));
            try
            {
                await using var c = await data.OpenConnectionAsync(attempt.Token).ConfigureAwait(false);
                await using var cmd = new NpgsqlCommand("SELECT 1", c);
                await cmd.ExecuteScalarAsync(attempt.Token).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && (PgErrors.IsUnavailable(ex) || ex is OperationCanceledException))
            {
                if (DateTime.UtcNow + RetryDelay >= deadline)
                    throw new IOException(
                        $"cannot reach PostgreSQL at {PostgresStore.Describe(connectionString)} within {timeout.TotalSeconds:0.#} s: {Innermost(ex).Message}", ex);
                await Task.Delay(RetryDelay, ct).ConfigureAwait(false);
            }
            catch (PostgresException ex)
            {
                throw new IOException($"cannot use PostgreSQL at {PostgresStore.Describe(connectionString)}: {ex.MessageText} ({ex.SqlState})", ex);
            }
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static Exception Innermost(Exception ex) => ex is OperationCanceledException { InnerException: { } inner } ? inner : ex;
}
