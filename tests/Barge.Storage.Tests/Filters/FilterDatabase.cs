using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Filters;
using Barge.Core.Indexing;
using Barge.Core.Objects;
using Barge.Core.Schema;
using Barge.Core.Storage;
using Barge.Server.Weaviate.Filters;
using Barge.Storage.Tests.Backends;

namespace Barge.Storage.Tests.Filters;

/// <summary>
/// A store of either backend holding objects of a few classes, written and queried only through the store's public
/// surface: puts with <see cref="IndexEntries.For"/>, then <see cref="IObjectStore.FindMatchesAsync"/> with a parsed, validated filter.
/// </summary>
public sealed class FilterDatabase : IAsyncDisposable
{
    private readonly Dictionary<string, ClassDefinition> _classes;
    private readonly OpenedStore _opened;

    private FilterDatabase(Dictionary<string, ClassDefinition> classes, OpenedStore opened)
    {
        _classes = classes;
        _opened = opened;
    }

    public IObjectStore Store => _opened.Store;

    /// <summary>The store with its other ports (journal, links), for tests that write through those too.</summary>
    public OpenedStore Opened => _opened;

    public static Task<FilterDatabase> OpenAsync(StoreBackend backend, params ClassDefinition[] classes) =>
        OpenAsync(backend.OpenAsync, classes);

    /// <summary>Over a store opened by <paramref name="open"/> (backend-specific tests that also look inside the database).</summary>
    public static async Task<FilterDatabase> OpenAsync(Func<Func<string, ClassDefinition?>, Task<OpenedStore>> open, params ClassDefinition[] classes)
    {
        var byName = classes.ToDictionary(c => c.Name);
        return new FilterDatabase(byName, await open(n => byName.GetValueOrDefault(n)));
    }

    public async Task InsertAsync(string cls, string id, string propertiesJson, long created = 1000, string tenant = "")
    {
        var props = JsonNode.Parse(propertiesJson)!.AsObject();
        var stored = new StoredObject
        {
            Class = cls, Id = id, Tenant = tenant.Length == 0 ? null : tenant, Properties = props,
            CreationTimeUnix = created, LastUpdateTimeUnix = created,
        };
        var outcome = await Store.WriteAsync([new PutObject(stored, IndexEntries.For(_classes[cls], props), PutMode.Upsert)]);
        Assert.True(outcome[0].Succeeded, outcome[0].Error);
    }

    /// <summary>Parses and validates a where filter against the class, as the server does before it reaches a store.</summary>
    /// <summary>The definition of one of the database's classes.</summary>
    public ClassDefinition Class(string name) => _classes[name];

    public FilterNode Filter(string cls, string whereJson)
    {
        var parsed = WhereFilterParser.Parse(JsonDocument.Parse(whereJson).RootElement);
        Assert.Null(parsed.Error);
        var error = FilterValidator.Validate(parsed.Filter!, _classes[cls], n => _classes.GetValueOrDefault(n), out var validated);
        Assert.Null(error);
        return validated;
    }

    /// <summary>Ids of the first 100 matches, oldest write first.</summary>
    public async Task<List<string>> IdsAsync(string cls, string whereJson, string tenant = "") =>
        (await MatchesAsync(cls, whereJson, tenant)).Ids.ToList();

    public Task<MatchResult> MatchesAsync(string cls, string whereJson, string tenant = "", int limit = 100) =>
        Store.FindMatchesAsync(cls, tenant.Length == 0 ? null : tenant, Filter(cls, whereJson), limit);

    public ValueTask DisposeAsync() => _opened.DisposeAsync();
}
