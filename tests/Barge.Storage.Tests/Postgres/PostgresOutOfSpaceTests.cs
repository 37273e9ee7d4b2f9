using Barge.Core.Errors;
using Barge.Core.Journal;
using Barge.Storage.Postgres;
using Barge.Storage.Tests.Backends;
using Npgsql;

namespace Barge.Storage.Tests.Postgres;

/// <summary>
/// The PostgreSQL writer turns the server's "out of space" errors into Core's <see cref="OutOfSpaceException"/>, with
/// Barge's message and the server's error kept inside. A test cannot fill the server's disk, so the server itself raises
/// the SQLSTATE it raises on a full disk (53100 disk_full) inside a writer transaction.
/// </summary>
public sealed class PostgresOutOfSpaceTests
{
    [Theory]
    [InlineData("disk_full", "53100", "out of disk space")]
    [InlineData("read_only_sql_transaction", "25006", "read-only")]
    public async Task The_writer_answers_the_servers_out_of_space_errors_as_out_of_space(string condition, string sqlState, string ours)
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await using var data = NpgsqlDataSource.Create(db.ConnectionString);
        await using var writer = new PgWriter(new PgWriteContext(data), 16);

        var error = await Assert.ThrowsAsync<OutOfSpaceException>(() => writer.RunAsync(ctx =>
        {
            using var cmd = ctx.Command($"DO $$ BEGIN RAISE EXCEPTION 'could not extend file' USING ERRCODE = '{condition}'; END $$");
            return cmd.ExecuteNonQuery();
        }, CancellationToken.None));

        Assert.Contains(ours, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("could not extend file", error.Message, StringComparison.Ordinal);
        Assert.Equal(sqlState, Assert.IsType<PostgresException>(error.InnerException).SqlState);
        Assert.True(error.RetryAfter > TimeSpan.Zero);

        // The writer goes on: the next transaction runs.
        Assert.Equal(1, await writer.RunAsync(ctx =>
        {
            using var cmd = ctx.Command("SELECT 1");
            return Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }, CancellationToken.None));
    }

    /// <summary>
    /// The journal's own changes run on pooled connections, not the writer, and answer the same way (SQLite's run on
    /// its writer): here a trigger raises the SQLSTATE on every change of the journal table. Nothing changes.
    /// </summary>
    [Theory]
    [InlineData("disk_full")]
    [InlineData("read_only_sql_transaction")]
    public async Task The_journals_changes_answer_the_servers_out_of_space_errors_as_out_of_space(string condition)
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await using var store = await db.OpenAsync(_ => null);
        var journal = store.Journal;
        var seq = (await journal.BeginAsync(Running("before")))!.Value;
        await using (var c = new NpgsqlConnection(db.ConnectionString))
        {
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand(
                $"CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'could not extend file' USING ERRCODE = '{condition}'; END $$; " +
                "CREATE TRIGGER refuse BEFORE INSERT OR UPDATE OR DELETE ON journal FOR EACH STATEMENT EXECUTE FUNCTION refuse();", c);
            await cmd.ExecuteNonQueryAsync();
        }

        await Assert.ThrowsAsync<OutOfSpaceException>(() => journal.BeginAsync(Running("after")));
        await Assert.ThrowsAsync<OutOfSpaceException>(() => journal.StoreAnswerAsync(seq, new StoredAnswer(200, "application/json", [1])));
        await Assert.ThrowsAsync<OutOfSpaceException>(() => journal.DeleteAsync(seq));

        Assert.NotNull(await journal.GetAsync("before"));
        Assert.Null(await journal.GetAsync("after"));
        Assert.Null(await journal.GetAnswerAsync(seq));
    }

    private static JournalEntry Running(string id) => new()
    {
        Id = id, User = "u", Environment = "test", Service = "test", Status = BatchStatus.Running, StartedMs = 1000,
    };
}
