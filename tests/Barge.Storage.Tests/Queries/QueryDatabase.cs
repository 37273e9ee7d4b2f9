using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Filters;
using Barge.Core.Indexing;
using Barge.Core.Objects;
using Barge.Core.Query;
using Barge.Core.Schema;
using Barge.Core.Storage;
using Barge.Server.Weaviate.Filters;
using Barge.Storage.Tests.Backends;

namespace Barge.Storage.Tests.Queries;

/// <summary>
/// A store of either backend with its schema and the query engine over them, as the server wires them: classes are
/// created through <see cref="SchemaService"/>, objects written with their index entries, queries run through
/// <see cref="QueryService"/>.
/// </summary>
public sealed class QueryDatabase : IAsyncDisposable
{
    private readonly OpenedStore _opened;

    private QueryDatabase(OpenedStore opened, SchemaService schema, ObjectOptions options)
    {
        _opened = opened;
        Schema = schema;
        Query = new QueryService(opened.Store, schema, options);
    }

    public IObjectStore Store => _opened.Store;
    public SchemaService Schema { get; }
    public QueryService Query { get; }

    public static async Task<QueryDatabase> OpenAsync(StoreBackend backend, ObjectOptions? options = null, params ClassDefinition[] classes)
    {
        SchemaService? schema = null;
        var opened = await backend.OpenAsync(n => schema?.Find(n));
        schema = new SchemaService(opened.Store);
        await schema.InitializeAsync();
        foreach (var c in classes) await schema.CreateClassAsync(c);
        return new QueryDatabase(opened, schema, options ?? new ObjectOptions());
    }

    public async Task PutAsync(string cls, string id, string propertiesJson, float[]? vector = null, string? tenant = null)
    {
        var props = JsonNode.Parse(propertiesJson)!.AsObject();
        var stored = new StoredObject { Class = cls, Id = id, Tenant = tenant, Properties = props, Vector = vector, CreationTimeUnix = 1000, LastUpdateTimeUnix = 1000 };
        var outcome = await Store.WriteAsync([new PutObject(stored, IndexEntries.For(Schema.Find(cls)!, props), PutMode.Upsert)]);
        Assert.True(outcome[0].Succeeded, outcome[0].Error);
    }

    /// <summary>A where filter as the dialects hand it over: parsed, not yet validated (the engine validates it).</summary>
    public static FilterNode Where(string json)
    {
        var parsed = WhereFilterParser.Parse(JsonDocument.Parse(json).RootElement);
        Assert.Null(parsed.Error);
        return parsed.Filter!;
    }

    /// <summary>A canonical id made of a number (ids order as the numbers do).</summary>
    public static string Id(int n) => $"00000000-0000-0000-0000-{n:D12}";

    public ValueTask DisposeAsync() => _opened.DisposeAsync();
}
