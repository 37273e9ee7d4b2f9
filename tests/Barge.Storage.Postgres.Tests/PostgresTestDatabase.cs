using System.Collections.Concurrent;
using Barge.Core.Indexing;
using Barge.Core.Objects;
using Barge.Core.Schema;
using Barge.Core.Storage;
using Npgsql;

namespace Barge.Storage.Postgres.Tests;

/// <summary>
/// A fresh schema on the server named by <c>BARGE_TEST_POSTGRES</c>, dropped at the end, and stores opened on it.
/// Without the variable the tests are skipped, except under CI where a missing server is a failure.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    private const string Variable = "BARGE_TEST_POSTGRES";
    private readonly string _server;
    private readonly List<PostgresStore> _stores = [];

    public string Schema { get; } = "t_" + Guid.NewGuid().ToString("N");
    public string ConnectionString { get; }

    /// <summary>The classes the stores' ClassLookup sees (the server's live schema in production).</summary>
    public ConcurrentDictionary<string, ClassDefinition> Classes { get; } = new(StringComparer.Ordinal);

    private PostgresTestDatabase(string server)
    {
        _server = server;
        // The application name lets CutConnectionsAsync find this test's sessions among those of tests running alongside.
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = Schema, ApplicationName = Schema }.ToString();
    }

    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(server))
        {
            const string how = $"no PostgreSQL for the tests: run `tools/postgres-throwaway start` and export {Variable}=<the connection string it prints>";
            if (Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail(how);
            Skip.If(true, how);
        }
        var db = new PostgresTestDatabase(server!);
        await db.ExecAsync($"CREATE SCHEMA {db.Schema}");
        return db;
    }

    public async Task<PostgresStore> OpenAsync()
    {
        var store = await PostgresStore.OpenAsync(new PostgresStoreOptions { ConnectionString = ConnectionString, ClassLookup = Lookup });
        lock (_stores) _stores.Add(store);
        return store;
    }

    /// <summary>How many of the next class lookups throw, as a live schema that fails might.</summary>
    public int FailingLookups;

    private ClassDefinition? Lookup(string name)
    {
        if (Interlocked.Decrement(ref FailingLookups) >= 0) throw new InvalidOperationException("lookup failure injected by the test");
        return Classes.TryGetValue(name, out var c) ? c : null;
    }

    /// <summary>Disposes a store early (reopen tests); it is not disposed again at the end.</summary>
    public async Task CloseAsync(PostgresStore store)
    {
        lock (_stores) _stores.Remove(store);
        await store.DisposeAsync();
    }

    public async Task<long> CountAsync(string sqlInSchema)
    {
        await using var c = new NpgsqlConnection(ConnectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sqlInSchema, c);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Terminates every session of this test's stores, as a server restart or a network cut would.</summary>
    public Task CutConnectionsAsync() =>
        ExecAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{Schema}'");

    private async Task ExecAsync(string sql)
    {
        await using var c = new NpgsqlConnection(_server);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync();
    }

    public PutObject Put(string cls, string id, string propertiesJson, PutMode mode = PutMode.Upsert, float[]? vector = null, long time = 1000)
    {
        var o = new StoredObject
        {
            Class = cls, Id = id, Properties = System.Text.Json.Nodes.JsonNode.Parse(propertiesJson)!.AsObject(), Vector = vector,
            CreationTimeUnix = time, LastUpdateTimeUnix = time,
        };
        return new PutObject(o, Classes.TryGetValue(cls, out var def) ? IndexEntries.For(def, o.Properties) : [], mode);
    }

    public async ValueTask DisposeAsync()
    {
        List<PostgresStore> stores;
        lock (_stores) stores = [.. _stores];
        foreach (var s in stores) await s.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await ExecAsync($"DROP SCHEMA {Schema} CASCADE");
    }
}
