using Barge.Core.Schema;
using Barge.Core.Storage;
using Barge.Storage.Sqlite;
using Barge.Storage.Tests.Backends;
using Barge.Storage.Tests.Filters;
using Microsoft.Data.Sqlite;

namespace Barge.Storage.Tests.Sqlite;

/// <summary>
/// A SQLite store (filled and queried through <see cref="FilterDatabase"/>) plus a plain connection to its file, for
/// tests of SQLite internals: query plans and background index cleanup.
/// </summary>
public sealed class SqliteInside : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("barge-sqlite-").FullName;

    public FilterDatabase Db { get; private set; } = null!;
    public SqliteConnection Connection { get; private set; } = null!;
    public string DatabasePath => Path.Combine(_dir, "barge.db");

    /// <summary>What the store told its log while opening (schema upgrades).</summary>
    public List<string> Log { get; } = [];

    /// <summary>A class with one word-tokenized text property <c>title</c>, enough for most tests of internals.</summary>
    public static ClassDefinition TitleClass(string name) => new()
    {
        Name = name,
        Properties = [new PropertyDefinition { Name = "title", DataTypeNames = ["text"], Tokenization = "word" }],
    };

    public static Task<SqliteInside> OpenAsync(params ClassDefinition[] classes) => OpenAsync(null, classes);

    /// <summary>
    /// As <see cref="OpenAsync(ClassDefinition[])"/>, but <paramref name="beforeOpen"/> first gets a connection to the
    /// new database file, e.g. to write a database of an older schema version that opening the store then migrates.
    /// </summary>
    public static async Task<SqliteInside> OpenAsync(Action<SqliteConnection>? beforeOpen, params ClassDefinition[] classes)
    {
        var inside = new SqliteInside();
        if (beforeOpen is not null)
        {
            using var before = new SqliteConnection($"Data Source={inside.DatabasePath};Pooling=False");
            before.Open();
            beforeOpen(before);
        }
        // The folder is removed by DisposeAsync, after the plain connection is closed too.
        inside.Db = await FilterDatabase.OpenAsync(lookup => OpenedStore.OpenAsync(
            () => Task.FromResult<IObjectStore>(SqliteStore.Open(new SqliteStoreOptions { DataFolder = inside._dir, ClassLookup = lookup, Log = inside.Log.Add })),
            () => ValueTask.CompletedTask), classes);
        inside.Connection = new SqliteConnection($"Data Source={inside.DatabasePath};Pooling=False");
        inside.Connection.Open();
        return inside;
    }

    /// <summary>Writes <paramref name="count"/> objects titled <paramref name="title"/> in batches of 1,000 (to fill index parts).</summary>
    public async Task FillAsync(string cls, int count, string title)
    {
        foreach (var chunk in Enumerable.Range(0, count).Chunk(1_000))
        {
            var commands = chunk.Select(WriteCommand (_) => Writes.TestPuts.Put(Db.Class(cls), Guid.NewGuid().ToString(),
                new System.Text.Json.Nodes.JsonObject { ["title"] = title }.ToJsonString())).ToList();
            var outcomes = await Db.Store.WriteAsync(commands);
            Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Error));
        }
    }

    public long Scalar(string sql)
    {
        using var cmd = Connection.CreateCommand();
        cmd.CommandText = sql;
        return (long)cmd.ExecuteScalar()!;
    }

    public async ValueTask DisposeAsync()
    {
        Connection.Dispose();
        await Db.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { /* best effort on a temp folder */ }
    }
}
