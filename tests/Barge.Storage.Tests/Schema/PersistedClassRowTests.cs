using Barge.Core.Schema;
using Barge.Core.Storage;
using Barge.Storage.Postgres;
using Barge.Storage.Sqlite;
using Barge.Storage.Tests.Backends;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Barge.Storage.Tests.Schema;

/// <summary>
/// A class row written by an earlier version (the persisted form from before the v1 wire form moved to the Weaviate
/// dialect) still loads: the row is put in the table with plain SQL and the store opened on it, as on an upgrade.
/// </summary>
public abstract class PersistedClassRowTests
{
    private const string RowOfToday =
        """{"class":"Article","description":"news","invertedIndexConfig":{"indexTimestamps":true},"multiTenancyConfig":{"enabled":true},"properties":[{"dataType":["text"],"indexFilterable":true,"indexSearchable":true,"name":"title","tokenization":"word"}],"vectorIndexConfig":{"distance":"cosine"},"vectorIndexType":"hnsw","vectorizer":"none","x-barge-kind":"things","x-barge-tenants":[{"name":"t1","activityStatus":"HOT"}]}""";

    /// <summary>Creates the store's tables, puts the row in them with plain SQL, and opens the store on them.</summary>
    protected abstract Task<IObjectStore> OpenOnRowAsync(string name, string definition);

    [Fact]
    public async Task A_class_row_of_today_loads()
    {
        await using var store = await OpenOnRowAsync("Article", RowOfToday);

        var c = Assert.Single(await store.LoadClassesAsync());

        Assert.Equal("Article", c.Name);
        Assert.Equal("news", c.Description);
        Assert.Equal("things", c.SemanticKind);
        Assert.Equal("t1", Assert.Single(c.Tenants).Name);
        Assert.True(c.IndexTimestamps);
        Assert.Equal("word", Assert.Single(c.Properties).Tokenization);
        Assert.Equal(RowOfToday, PersistedClassJson.Serialize(c));
    }
}

public sealed class PersistedClassRowTestsOnSqlite : PersistedClassRowTests, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("barge-class-row-").FullName;

    protected override async Task<IObjectStore> OpenOnRowAsync(string name, string definition)
    {
        await SqliteStore.Open(Options()).DisposeAsync();
        using (var c = new SqliteConnection($"Data Source={Path.Combine(_dir, "barge.db")};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "INSERT INTO classes(name, definition) VALUES($n, $d)";
            cmd.Parameters.AddWithValue("$n", name);
            cmd.Parameters.AddWithValue("$d", definition);
            cmd.ExecuteNonQuery();
        }
        return SqliteStore.Open(Options());
    }

    private SqliteStoreOptions Options() => new() { DataFolder = _dir, ClassLookup = _ => null };

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { /* best effort on a temp folder */ }
    }
}

public sealed class PersistedClassRowTestsOnPostgres : PersistedClassRowTests, IAsyncLifetime
{
    private PostgresTestDatabase? _db;

    protected override async Task<IObjectStore> OpenOnRowAsync(string name, string definition)
    {
        _db = await PostgresTestDatabase.CreateAsync();
        await (await _db.OpenAsync(_ => null)).DisposeAsync();
        await using (var c = new NpgsqlConnection(_db.ConnectionString))
        {
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand("INSERT INTO classes(name, definition) VALUES($1, $2)", c);
            cmd.Parameters.AddWithValue(name);
            cmd.Parameters.AddWithValue(definition);
            await cmd.ExecuteNonQueryAsync();
        }
        return await _db.OpenAsync(_ => null);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_db is not null) await _db.DisposeAsync();
    }
}
