using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Filters;
using Barge.Core.Indexing;
using Barge.Core.Schema;
using Barge.Storage.Sqlite.Filters;
using Microsoft.Data.Sqlite;

namespace Barge.Storage.Sqlite.Tests;

/// <summary>A real SQLite file in a temp folder with the lead's objects/idx layout, filled through IndexEntries.For.</summary>
public sealed class FilterDatabase : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("barge-filters-").FullName;
    public SqliteConnection Connection { get; }
    private readonly Dictionary<string, ClassDefinition> _classes = [];

    public FilterDatabase(params ClassDefinition[] classes)
    {
        foreach (var c in classes) _classes[c.Name] = c;
        Connection = new SqliteConnection($"Data Source={Path.Combine(_dir, "test.db")};Pooling=False");
        Connection.Open();
        SqliteFilterCompiler.RegisterFunctions(Connection);
        using var cmd = Connection.CreateCommand();
        cmd.CommandText = """
            CREATE TABLE objects(
              seq INTEGER PRIMARY KEY, class TEXT NOT NULL, id TEXT NOT NULL, tenant TEXT NOT NULL DEFAULT '',
              created INTEGER NOT NULL, updated INTEGER NOT NULL, properties TEXT NOT NULL, vector BLOB);
            CREATE UNIQUE INDEX objects_class_id ON objects(class, tenant, id);
            CREATE TABLE idx(class TEXT NOT NULL, prop TEXT NOT NULL, v ANY, seq INTEGER NOT NULL,
              PRIMARY KEY(class, prop, v, seq)) STRICT, WITHOUT ROWID;
            """;
        cmd.ExecuteNonQuery();
    }

    public void Insert(string cls, string id, string propertiesJson, long created = 1000, string tenant = "")
    {
        var props = JsonNode.Parse(propertiesJson)!.AsObject();
        using var tx = Connection.BeginTransaction();
        using var cmd = Connection.CreateCommand();
        cmd.CommandText = "INSERT INTO objects(class, id, tenant, created, updated, properties) VALUES ($c, $id, $t, $cr, $cr, $p) RETURNING seq";
        cmd.Parameters.AddWithValue("$c", cls);
        cmd.Parameters.AddWithValue("$id", id);
        cmd.Parameters.AddWithValue("$t", tenant);
        cmd.Parameters.AddWithValue("$cr", created);
        cmd.Parameters.AddWithValue("$p", props.ToJsonString());
        var seq = (long)cmd.ExecuteScalar()!;
        foreach (var entry in IndexEntries.For(_classes[cls], props))
        {
            using var ins = Connection.CreateCommand();
            ins.CommandText = "INSERT INTO idx(class, prop, v, seq) VALUES ($c, $k, $v, $s)";
            ins.Parameters.AddWithValue("$c", cls);
            ins.Parameters.AddWithValue("$k", entry.Property);
            ins.Parameters.AddWithValue("$v", entry.Value);
            ins.Parameters.AddWithValue("$s", seq);
            ins.ExecuteNonQuery();
        }
        tx.Commit();
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
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { /* best effort on a temp folder */ }
    }
}
