using Barge.Core.Schema;
using Barge.Storage.Postgres;
using Npgsql;

namespace Barge.Storage.Tests.Backends;

/// <summary>
/// The PostgreSQL store on the server named by <c>BARGE_TEST_POSTGRES</c>, in a fresh schema per test
/// (<c>CREATE SCHEMA t_&lt;guid&gt;</c>, reached through <c>Search Path</c>) that is dropped afterwards.
/// Without the variable the tests skip, except under <c>CI=true</c>, where a missing server must fail the run.
/// </summary>
public sealed class PostgresBackend : StoreBackend
{
    public const string Variable = "BARGE_TEST_POSTGRES";

    private const string HowTo =
        "start a throwaway server with `tools/postgres-throwaway start` (it prints a connection string) and " +
        $"export {Variable}=\"<that connection string>\"";

    public override async Task<OpenedStore> OpenAsync(Func<string, ClassDefinition?> classes) => (await OpenSchemaAsync(classes)).Store;

    /// <summary>As <see cref="OpenAsync"/>, also giving the connection string of the test's schema (PostgreSQL-only tests that look inside).</summary>
    public static async Task<(OpenedStore Store, string ConnectionString)> OpenSchemaAsync(Func<string, ClassDefinition?> classes)
    {
        var server = ConnectionString();
        var schema = "t_" + Guid.NewGuid().ToString("N");
        await ExecAsync(server, $"CREATE SCHEMA {schema}");
        var connectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
        try
        {
            var store = await PostgresStore.OpenAsync(new PostgresStoreOptions { ConnectionString = connectionString, ClassLookup = classes });
            return (new OpenedStore(store, store, async () =>
            {
                await ExecAsync(server, $"DROP SCHEMA {schema} CASCADE");
            }), connectionString);
        }
        catch
        {
            await ExecAsync(server, $"DROP SCHEMA {schema} CASCADE");
            throw;
        }
    }

    private static string ConnectionString()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        var missing = string.IsNullOrWhiteSpace(value);
        if (missing && Environment.GetEnvironmentVariable("CI") == "true")
            throw new InvalidOperationException($"{Variable} is not set, and under CI=true the PostgreSQL tests must run: {HowTo}.");
        Skip.If(missing, $"PostgreSQL tests need a server: {HowTo}.");
        return value!;
    }

    private static async Task ExecAsync(string connectionString, string sql)
    {
        // Pooling off: the admin connection must not keep a session open on the server after the test.
        await using var c = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync();
    }

    public override string ToString() => "PostgreSQL";
}
