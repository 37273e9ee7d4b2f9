using Barge.Testing;
using Npgsql;

namespace Barge.Server.Tests.Support;

/// <summary>
/// The throwaway-schema helper every PostgreSQL-backed test relies on. Runs whenever <c>BARGE_TEST_POSTGRES</c> names
/// a server (CI always sets it), whichever backend <c>BARGE_TEST_STORAGE</c> selects; skipped otherwise.
/// </summary>
public sealed class PostgresSchemaTests
{
    private static string Server()
    {
        var server = Environment.GetEnvironmentVariable(TestStorage.PostgresVariable);
        Assert.SkipWhen(string.IsNullOrEmpty(server), $"{TestStorage.PostgresVariable} is not set: {TestStorage.HowToStartPostgres}");
        return server!;
    }

    [Fact]
    public async Task A_schema_is_created_empty_searched_first_and_dropped_with_its_tables()
    {
        var schema = await PostgresSchema.CreateAsync(Server());
        Assert.Matches("^t_[0-9a-f]{32}$", schema.Name);
        Assert.True(await schema.ExistsAsync());
        await using (var connection = new NpgsqlConnection(schema.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE TABLE kept(n int); INSERT INTO kept VALUES (1); SELECT current_schema()", connection);
            Assert.Equal(schema.Name, (string)(await create.ExecuteScalarAsync())!);
        }
        await using (var again = new NpgsqlConnection(schema.ConnectionString))
        {
            await again.OpenAsync();
            await using var read = new NpgsqlCommand("SELECT n FROM kept", again);
            Assert.Equal(1, (int)(await read.ExecuteScalarAsync())!);
        }
        await schema.DisposeAsync();
        Assert.False(await schema.ExistsAsync());
        await schema.DisposeAsync(); // twice is harmless
    }

    [Fact]
    public async Task Two_schemas_do_not_share_tables()
    {
        var server = Server();
        await using var a = await PostgresSchema.CreateAsync(server);
        await using var b = await PostgresSchema.CreateAsync(server);
        Assert.NotEqual(a.Name, b.Name);
        await using var connection = new NpgsqlConnection(a.ConnectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand("CREATE TABLE only_in_a(n int)", connection)) await create.ExecuteNonQueryAsync();
        await using var other = new NpgsqlConnection(b.ConnectionString);
        await other.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_a' AND schemaname = current_schema()", other);
        Assert.Equal(0L, (long)(await read.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task An_unreachable_server_fails_loudly_saying_how_to_start_one()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            PostgresSchema.CreateAsync("Host=127.0.0.1;Port=1;Username=barge;Database=postgres;Timeout=2"));
        Assert.Contains("cannot reach the test PostgreSQL server at 127.0.0.1:1/postgres", ex.Message, StringComparison.Ordinal);
        Assert.Contains("tools/postgres-throwaway start", ex.Message, StringComparison.Ordinal);
    }
}
