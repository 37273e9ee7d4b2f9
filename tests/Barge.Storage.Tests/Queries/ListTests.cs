using System.Text.Json.Nodes;
using Barge.Core.Indexing;
using Barge.Core.Objects;
using Barge.Core.Schema;
using Barge.Core.Storage;
using Barge.Storage.Tests.Backends;

namespace Barge.Storage.Tests.Queries;

public sealed class ListTestsOnSqlite() : ListTests(StoreBackend.Sqlite);

public sealed class ListTestsOnPostgres() : ListTests(StoreBackend.Postgres);

/// <summary>
/// Listing order, cursor, paging and totals. Sort keys order as the SQLite store's json_extract values do: missing
/// and null first, then numbers (booleans as 0/1, integers exactly), then text byte-wise (arrays and objects as
/// their JSON text); ties by id. The expected orders below are what SQLite answers.
/// </summary>
public abstract class ListTests(StoreBackend backend) : IAsyncLifetime
{
    private static readonly ClassDefinition Item = new()
    {
        Name = "Item", Properties = [new PropertyDefinition { Name = "name", DataTypeNames = ["text"], Tokenization = "word" }],
    };

    /// <summary>Id (by its first two hex digits) → value of property <c>v</c> (absent when null here), in insertion order.</summary>
    private static readonly (string Id, string? V)[] Values =
    [
        ("01", "10"), ("02", "2.5"), ("03", "\"b\""), ("04", "\"B\""), ("05", null), ("06", "null"), ("07", "true"),
        ("08", "[1,2]"), ("09", "9007199254740993"), ("10", "9007199254740992"), ("11", "{\"a\":1}"), ("12", "\"é\""),
        ("13", "1"), ("14", "-1"), ("15", "false"), ("16", "0"),
    ];

    private OpenedStore? _opened;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_opened is not null) await _opened.DisposeAsync();
    }

    private static string Id(string prefix) => prefix + "000000-0000-0000-0000-000000000000";

    private async Task<IObjectStore> StoreAsync()
    {
        _opened = await backend.OpenAsync(n => n == Item.Name ? Item : null);
        var commands = new List<WriteCommand>();
        var created = 100L;
        foreach (var (id, v) in Values)
        {
            var props = JsonNode.Parse(v is null ? $$"""{"name":"item {{id}}"}""" : $$"""{"name":"item {{id}}","v":{{v}}}""")!.AsObject();
            var o = new StoredObject
            {
                Class = Item.Name, Id = Id(id), Properties = props, CreationTimeUnix = created, LastUpdateTimeUnix = 1000 - created,
                Vector = id == "11" ? [0.5f, -1f, float.Epsilon] : null,
            };
            created += 10;
            commands.Add(new PutObject(o, IndexEntries.For(Item, props), PutMode.Upsert));
        }
        commands.Add(new PutObject(new StoredObject { Class = Item.Name, Id = Id("00"), Tenant = "t1", Properties = new JsonObject() }, [], PutMode.Upsert));
        Assert.All(await _opened.Store.WriteAsync(commands), o => Assert.True(o.Succeeded, o.Error));
        return _opened.Store;
    }

    private static string[] Prefixes(ObjectPage page) => page.Objects.Select(o => o.Id[..2]).ToArray();

    private static ListQuery Query(int limit = 100, int offset = 0, string? after = null, params SortField[] sort) =>
        new(Item.Name, null, limit, offset, after, sort);

    [Fact]
    public async Task Unsorted_lists_by_id_with_the_total_of_the_class_and_tenant()
    {
        var store = await StoreAsync();
        var page = await store.ListAsync(Query(limit: 3));
        Assert.Equal(["01", "02", "03"], Prefixes(page));
        Assert.Equal(Values.Length, page.TotalResults);
    }

    [Fact]
    public async Task Sorted_ascending_orders_null_then_numbers_then_text_bytewise()
    {
        var store = await StoreAsync();
        var page = await store.ListAsync(Query(sort: new SortField("v", false)));
        Assert.Equal(["05", "06", "14", "15", "16", "07", "13", "02", "01", "10", "09", "04", "08", "03", "11", "12"], Prefixes(page));
    }

    [Fact]
    public async Task Sorted_descending_reverses_the_values_but_ties_stay_by_id()
    {
        var store = await StoreAsync();
        var page = await store.ListAsync(Query(sort: new SortField("v", true)));
        Assert.Equal(["12", "11", "03", "08", "04", "09", "10", "01", "02", "07", "13", "15", "16", "14", "05", "06"], Prefixes(page));
    }

    [Fact]
    public async Task A_second_sort_key_orders_the_ties_of_the_first()
    {
        var store = await StoreAsync();
        var page = await store.ListAsync(Query(limit: 7, sort: [new SortField("v", false), new SortField("name", true)]));
        Assert.Equal(["06", "05", "14", "16", "15", "13", "07"], Prefixes(page));
    }

    [Fact]
    public async Task Timestamps_and_id_sort_as_columns()
    {
        var store = await StoreAsync();
        Assert.Equal(["16", "15", "14"], Prefixes(await store.ListAsync(Query(limit: 3, sort: new SortField("_creationTimeUnix", true)))));
        Assert.Equal(["16", "15", "14"], Prefixes(await store.ListAsync(Query(limit: 3, sort: new SortField("_lastUpdateTimeUnix", false)))));
        Assert.Equal(["16", "15", "14"], Prefixes(await store.ListAsync(Query(limit: 3, sort: new SortField("id", true)))));
    }

    [Fact]
    public async Task Limit_and_offset_page_through_a_sorted_list()
    {
        var store = await StoreAsync();
        var page = await store.ListAsync(Query(limit: 4, offset: 2, sort: new SortField("v", false)));
        Assert.Equal(["14", "15", "16", "07"], Prefixes(page));
        Assert.Equal(Values.Length, page.TotalResults);
    }

    [Fact]
    public async Task After_cursor_continues_by_id_and_the_total_ignores_it()
    {
        var store = await StoreAsync();
        var page = await store.ListAsync(Query(limit: 2, after: Id("14")));
        Assert.Equal(["15", "16"], Prefixes(page));
        Assert.Equal(Values.Length, page.TotalResults);
    }

    [Fact]
    public async Task Tenant_and_class_scope_the_listing()
    {
        var store = await StoreAsync();
        var tenant = await store.ListAsync(new ListQuery(Item.Name, "t1", 10, 0, null, []));
        Assert.Equal(["00"], Prefixes(tenant));
        Assert.Equal(1, tenant.TotalResults);
        var everything = await store.ListAsync(new ListQuery(null, null, 100, 0, null, []));
        Assert.Equal(Values.Length + 1, everything.TotalResults);
        Assert.Equal("00", everything.Objects[0].Id[..2]);
    }

    [Fact]
    public async Task Objects_come_back_as_written()
    {
        var store = await StoreAsync();
        var o = (await store.ListAsync(Query(limit: 1, after: Id("10")))).Objects.Single();
        Assert.Equal(Id("11"), o.Id);
        Assert.Null(o.Tenant);
        Assert.Equal("""{"name":"item 11","v":{"a":1}}""", o.Properties.ToJsonString());
        Assert.Equal(200, o.CreationTimeUnix);
        Assert.Equal(800, o.LastUpdateTimeUnix);
        Assert.Equal([0.5f, -1f, float.Epsilon], o.Vector!);
    }

    [Fact]
    public async Task Json_path_sorts_by_a_field_of_a_json_document_held_in_a_text_property()
    {
        var store = await StoreAsync();
        var docs = new (string Id, string Doc)[]
        {
            ("a1", """{"x":{"y":3}}"""), ("a2", """{"x":{"y":"text"}}"""), ("a3", """{"x":{}}"""), ("a4", """{"x":{"y":-2.5}}"""),
        };
        var commands = docs.Select(d => (WriteCommand)new PutObject(new StoredObject
        {
            Class = "Doc", Id = Id(d.Id), Properties = new JsonObject { ["doc"] = d.Doc },
        }, [], PutMode.Upsert)).ToList();
        Assert.All(await store.WriteAsync(commands), o => Assert.True(o.Succeeded, o.Error));
        var page = await store.ListAsync(new ListQuery("Doc", null, 10, 0, null, [new SortField("doc", false, "x.y")]));
        Assert.Equal(["a3", "a4", "a1", "a2"], Prefixes(page));
    }
}
