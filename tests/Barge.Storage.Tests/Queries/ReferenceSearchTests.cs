using System.Reflection;
using System.Text.Json.Nodes;
using Barge.Core.Errors;
using Barge.Core.Objects;
using Barge.Core.Query;
using Barge.Core.Query.References;
using Barge.Core.Schema;
using Barge.Core.Storage;
using Barge.Storage.Tests.Backends;
using static Barge.Storage.Tests.Queries.QueryDatabase;

namespace Barge.Storage.Tests.Queries;

public sealed class ReferenceSearchTestsOnSqlite() : ReferenceSearchTests(StoreBackend.Sqlite);

public sealed class ReferenceSearchTestsOnSqliteRows() : ReferenceSearchTests(StoreBackend.SqliteRows);

public sealed class ReferenceSearchTestsOnPostgres() : ReferenceSearchTests(StoreBackend.Postgres);

/// <summary>
/// References in search results on both stores: the targets of a whole page are read together (a few store reads
/// whatever the number of hits), nested selections follow the targets' references, targets of a multi-tenant class
/// are read in the hit's tenant, and a bad selection is refused before anything is read.
/// </summary>
public abstract class ReferenceSearchTests(StoreBackend backend)
{
    private static JsonObject Multi => new() { ["enabled"] = true };

    private static readonly ClassDefinition Publisher = new() { Name = "Publisher", Properties = [Text("name")] };

    private static readonly ClassDefinition Author = new()
    {
        Name = "Author", MultiTenancyConfig = Multi,
        Properties = [Text("name"), new PropertyDefinition { Name = "worksFor", DataTypeNames = ["Publisher"] }],
    };

    private static readonly ClassDefinition Book = new()
    {
        Name = "Book", MultiTenancyConfig = Multi,
        Properties = [Text("title"), new PropertyDefinition { Name = "writtenBy", DataTypeNames = ["Author"] }],
    };

    private static PropertyDefinition Text(string name) => new() { Name = name, DataTypeNames = ["text"], Tokenization = "word" };

    private static string Beacons(string cls, params int[] ids) =>
        "[" + string.Join(",", ids.Select(i => $$"""{"beacon":"weaviate://localhost/{{cls}}/{{Id(i)}}"}""")) + "]";

    /// <summary>
    /// Two publishers; in tenants t1 and t2 the same 40 author ids (named by tenant), author i working for publisher
    /// i % 2; in t1 40 books, book i written by authors i and i + 1 (author 40 does not exist).
    /// </summary>
    private async Task<QueryDatabase> DatabaseAsync()
    {
        var db = await OpenAsync(backend, new ObjectOptions { QueryDefaultsLimit = 100 }, Publisher, Author, Book);
        await db.PutAsync("Publisher", Id(1000), """{"name":"p0"}""");
        await db.PutAsync("Publisher", Id(1001), """{"name":"p1"}""");
        foreach (var tenant in new[] { "t1", "t2" })
            for (var i = 0; i < 40; i++)
                await db.PutAsync("Author", Id(i), $$"""{"name":"{{tenant}}-a{{i}}","worksFor":{{Beacons("Publisher", 1000 + i % 2)}}}""", [i, 1], tenant);
        for (var i = 0; i < 40; i++)
            await db.PutAsync("Book", Id(100 + i), $$"""{"title":"b{{i}}","writtenBy":{{Beacons("Author", i, i + 1)}}}""", tenant: "t1");
        return db;
    }

    private static readonly ReferenceSelection WrittenBy = new("writtenBy")
    {
        IncludeVector = true, Nested = [new ReferenceSelection("worksFor")],
    };

    [Fact]
    public async Task A_page_of_hits_reads_its_references_together_level_by_level_in_the_hits_tenant()
    {
        await using var db = await DatabaseAsync();
        var counting = CountingStore.Over(db.Store);
        var query = new QueryService(counting, db.Schema, new ObjectOptions { QueryDefaultsLimit = 100 });

        var result = await query.SearchAsync(new SearchQuery("Book", "t1") { References = [WrittenBy] });

        // One read for the page, one for all 40 books' authors, one for all the authors' publishers.
        Assert.Equal(3, ((CountingStore)(object)counting).Lists);
        Assert.Equal(40, result.Hits.Count);
        for (var i = 0; i < 40; i++)
        {
            var group = Assert.Single(result.Hits[i].References);
            Assert.True(group.Stored);
            var expected = i < 39 ? new[] { i, i + 1 } : [i]; // author 40 does not exist
            Assert.Equal(expected.Select(a => Id(a)), group.Targets.Select(t => t.Object.Id));
            Assert.All(group.Targets, t => Assert.StartsWith("t1-", (string)t.Object.Properties["name"]!));
            Assert.All(group.Targets, t => Assert.NotNull(t.Object.Vector));
            var publisher = Assert.Single(Assert.Single(group.Targets[0].References).Targets);
            Assert.Equal(Id(1000 + i % 2), publisher.Object.Id);
            Assert.Null(publisher.Object.Tenant);
        }
    }

    [Fact]
    public async Task Targets_without_their_vector_unless_asked_and_bad_selections_refused_before_reading()
    {
        await using var db = await DatabaseAsync();
        var plain = await db.Query.SearchAsync(new SearchQuery("Book", "t1") { Limit = 1, References = [new ReferenceSelection("writtenBy")] });
        Assert.All(plain.Hits[0].References[0].Targets, t => Assert.Null(t.Object.Vector));

        var counting = CountingStore.Over(db.Store);
        var query = new QueryService(counting, db.Schema, new ObjectOptions());
        foreach (var bad in new[] { new ReferenceSelection("nope"), new ReferenceSelection("title"), WrittenBy with { Nested = [new ReferenceSelection("name")] } })
            await Assert.ThrowsAsync<UserInputException>(() => query.SearchAsync(new SearchQuery("Book", "t1") { References = [bad] }));
        Assert.Equal(0, ((CountingStore)(object)counting).Lists);
    }

    /// <summary>A store that counts its <see cref="IObjectStore.ListAsync"/> calls and passes every call on.</summary>
    public class CountingStore : DispatchProxy
    {
        private IObjectStore _inner = null!;
        private int _lists;

        public int Lists => Volatile.Read(ref _lists);

        public static IObjectStore Over(IObjectStore inner)
        {
            var proxy = Create<IObjectStore, CountingStore>();
            ((CountingStore)(object)proxy)._inner = inner;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            if (method!.Name == nameof(IObjectStore.ListAsync)) Interlocked.Increment(ref _lists);
            try
            {
                return method.Invoke(_inner, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
        }
    }
}
