using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Filters;
using Barge.Core.Indexing;
using Barge.Core.Objects;
using Barge.Core.Storage;
using Barge.Core.Schema;
using Barge.Storage.Sqlite.Filters;
using Microsoft.Data.Sqlite;

namespace Barge.Storage.Sqlite.Tests;

/// <summary>A real SQLite store in a temp folder, filled through the store's writer with IndexEntries.For.</summary>
public sealed class FilterDatabase : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("barge-filters-").FullName;
    private readonly Dictionary<string, ClassDefinition> _classes = [];
    private readonly SqliteStore _store;
    public SqliteConnection Connection { get; }

    /// <summary>Writes go through the real store (its migrations, writer and index rows); queries use a plain connection.</summary>
    public FilterDatabase(params ClassDefinition[] classes)
    {
        foreach (var c in classes) _classes[c.Name] = c;
        _store = SqliteStore.Open(new SqliteStoreOptions { DataFolder = _dir, ClassLookup = n => _classes.GetValueOrDefault(n) });
        Connection = new SqliteConnection($"Data Source={Path.Combine(_dir, "barge.db")};Pooling=False");
        Connection.Open();
        SqliteFilterCompiler.RegisterFunctions(Connection);
    }

    public void Insert(string cls, string id, string propertiesJson, long created = 1000, string tenant = "")
    {
        var props = JsonNode.Parse(propertiesJson)!.AsObject();
        var stored = new StoredObject
        {
            Class = cls, Id = id, Tenant = tenant.Length == 0 ? null : tenant, Properties = props,
            CreationTimeUnix = created, LastUpdateTimeUnix = created,
        };
        var outcome = _store.WriteAsync([new PutObject(stored, IndexEntries.For(_classes[cls], props), PutMode.Upsert)]).GetAwaiter().GetResult();
        Assert.True(outcome[0].Succeeded, outcome[0].Error);
    }

    /// <summary>Parses, validates and compiles a where filter into the store's query shape.</summary>
    public SqliteCommand Query(string cls, string whereJson, string tenant = "")
    {
        var parsed = WhereFilterParser.Parse(JsonDocument.Parse(whereJson).RootElement);
        Assert.Null(parsed.Error);
        var error = FilterValidator.Validate(parsed.Filter!, _classes[cls], n => _classes.GetValueOrDefault(n), out var validated);
        Assert.Null(error);
        var cmd = Connection.CreateCommand();
        var expr = SqliteFilterCompiler.Compile(validated, cmd, tenant);
        cmd.CommandText = $"SELECT o.id FROM objects o WHERE o.class = $c AND o.tenant = $t AND ({expr}) ORDER BY o.seq LIMIT 100";
        cmd.Parameters.AddWithValue("$c", cls);
        cmd.Parameters.AddWithValue("$t", tenant);
        return cmd;
    }

    public List<string> Ids(string cls, string whereJson, string tenant = "")
    {
        using var cmd = Query(cls, whereJson, tenant);
        using var reader = cmd.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read()) ids.Add(reader.GetString(0));
        return ids;
    }

    public List<string> Plan(string cls, string whereJson)
    {
        using var cmd = Query(cls, whereJson);
        cmd.CommandText = "EXPLAIN QUERY PLAN " + cmd.CommandText;
        using var reader = cmd.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add(reader.GetString(3));
        return rows;
    }

    public void Dispose()
    {
        Connection.Dispose();
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { /* best effort on a temp folder */ }
    }
}
