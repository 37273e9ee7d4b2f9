using Barge.Storage.Postgres;
using Barge.Storage.Tests.Backends;
using Barge.Storage.Tests.Writes;

namespace Barge.Storage.Tests.Postgres;

/// <summary>Opening the PostgreSQL store: migrations run once per schema, whoever opens it, and an absent server is waited for, then named.</summary>
public sealed class PostgresStartupTests
{
    [Fact]
    public async Task A_reopened_store_does_not_migrate_again()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await using (var store = await db.OpenAsync(TestClasses.Lookup())) await store.SaveClassAsync(TestClasses.Doc);

        await using var reopened = await db.OpenAsync(TestClasses.Lookup());

        Assert.Equal(6, await db.CountAsync("SELECT count(*) FROM barge_migrations"));
    }

    [Fact]
    public async Task Two_stores_opening_a_new_schema_at_once_both_start()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();

        var stores = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => db.OpenAsync(TestClasses.Lookup())));
        foreach (var store in stores) await store.DisposeAsync();

        Assert.Equal(6, await db.CountAsync("SELECT count(*) FROM barge_migrations"));
    }

    [Fact]
    public async Task Opening_a_server_that_is_not_there_fails_after_the_startup_timeout_with_its_address()
    {
        // A port nobody listens on: bound and closed just before.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var options = new PostgresStoreOptions
        {
            ConnectionString = $"Host=127.0.0.1;Port={port};Username=nobody;Database=barge",
            ClassLookup = _ => null,
            StartupTimeout = TimeSpan.FromSeconds(1.5),
        };

        var started = DateTime.UtcNow;
        var ex = await Assert.ThrowsAsync<IOException>(() => PostgresStore.OpenAsync(options));

        Assert.Contains($"cannot reach PostgreSQL at 127.0.0.1:{port}/barge", ex.Message, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(1));
    }
}
