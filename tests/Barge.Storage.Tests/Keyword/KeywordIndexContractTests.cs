using System.Text.Json.Nodes;
using Barge.Core.Indexing;
using Barge.Core.Objects;
using Barge.Core.Schema;
using Barge.Core.Storage;
using Barge.Storage.Tests.Backends;
using Barge.Storage.Tests.Filters;

namespace Barge.Storage.Tests.Keyword;

public sealed class KeywordIndexContractTestsOnSqlite() : KeywordIndexContractTests(StoreBackend.Sqlite);

public sealed class KeywordIndexContractTestsOnSqliteRows() : KeywordIndexContractTests(StoreBackend.SqliteRows);

public sealed class KeywordIndexContractTestsOnPostgres() : KeywordIndexContractTests(StoreBackend.Postgres);

/// <summary>
/// The keyword index port (<see cref="IKeywordIndex"/>) of both stores, read directly: after puts, replaces, deletes,
/// read-modify-writes, in tenants and after a restart, its totals and postings are exactly those of the live objects,
/// as <see cref="KeywordExpectation"/> computes them from the texts the test wrote.
/// </summary>
public abstract class KeywordIndexContractTests(StoreBackend backend) : IAsyncLifetime
{
    private FilterDatabase? _db;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_db is not null) await _db.DisposeAsync();
    }

    private async Task<FilterDatabase> OpenAsync()
    {
        _db = await FilterDatabase.OpenAsync(backend, KeywordExpectation.Note);
        await _db.Store.SaveClassAsync(KeywordExpectation.Note);
        return _db;
    }

    [Fact]
    public async Task The_index_holds_exactly_the_live_objects_through_puts_replaces_deletes_and_modifies()
    {
        var db = await OpenAsync();
        var expected = new KeywordExpectation();
        await db.Store.WriteAsync([.. Enumerable.Range(0, 30).Select(i => expected.Put(i, KeywordExpectation.Text(i)))]);
        await expected.AssertIndexAsync(db.Store, "after puts");

        await db.Store.WriteAsync(
        [
            expected.Put(3, "fox fox fox"),
            expected.Delete(4),
            expected.Put(5, null),
            expected.Put(6, "river"),
            expected.Delete(6),
            expected.Put(31, "stone light fox"),
            expected.Delete(99),
        ]);
        await expected.AssertIndexAsync(db.Store, "after replaces and deletes in one write");

        await db.Store.WriteAsync([expected.Modify(7, "light light dog"), expected.Modify(8, null)]);
        await expected.AssertIndexAsync(db.Store, "after modifies");

        await db.Opened.ReopenAsync();
        await expected.AssertIndexAsync(db.Store, "after a restart");
        await db.Store.WriteAsync([expected.Delete(9), expected.Put(10, "quick quick")]);
        await expected.AssertIndexAsync(db.Store, "written after the restart");
    }

    [Fact]
    public async Task Each_tenant_has_its_own_totals_and_postings()
    {
        var db = await OpenAsync();
        var alpha = new KeywordExpectation("alpha");
        var beta = new KeywordExpectation("beta");
        await db.Store.WriteAsync([.. Enumerable.Range(0, 12).Select(i => (i % 3 == 0 ? beta : alpha).Put(i, KeywordExpectation.Text(i)))]);
        await db.Store.WriteAsync([alpha.Delete(1), beta.Put(3, "fox"), alpha.Put(2, "dog dog")]);

        await alpha.AssertIndexAsync(db.Store, "alpha");
        await beta.AssertIndexAsync(db.Store, "beta");
        await new KeywordExpectation().AssertIndexAsync(db.Store, "no tenant");

        await db.Store.WriteAsync([.. beta.Ids.Select(beta.Delete)]);
        await beta.AssertIndexAsync(db.Store, "beta emptied");
        await alpha.AssertIndexAsync(db.Store, "alpha after beta emptied");
    }

    [Fact]
    public async Task A_deleted_class_leaves_no_keyword_statistics()
    {
        var db = await OpenAsync();
        var expected = new KeywordExpectation();
        await db.Store.WriteAsync([.. Enumerable.Range(0, 10).Select(i => expected.Put(i, KeywordExpectation.Text(i)))]);

        await db.Store.DeleteClassAsync(KeywordExpectation.Note.Name);
        await db.Store.SaveClassAsync(KeywordExpectation.Note);
        var fresh = new KeywordExpectation();
        await fresh.AssertIndexAsync(db.Store, "recreated, empty");
        await db.Store.WriteAsync([fresh.Put(50, "fox river")]);
        await fresh.AssertIndexAsync(db.Store, "recreated, one object");
    }
}

/// <summary>
/// What the keyword index of class Note (a searchable word-tokenized title, and an int) must hold for the objects a
/// test wrote, computed here from the texts: titles are lowercase words separated by single spaces, so a title's
/// tokens are its words.
/// </summary>
public sealed class KeywordExpectation(string? tenant = null)
{
    public static readonly ClassDefinition Note = new()
    {
        Name = "Note",
        Properties =
        [
            new PropertyDefinition { Name = "title", DataTypeNames = ["text"], Tokenization = "word", IndexSearchable = true },
            new PropertyDefinition { Name = "n", DataTypeNames = ["int"] },
        ],
    };

    private static readonly string[] Words = ["fox", "river", "quick", "dog", "stone", "light", "the"];
    private static readonly string[] Queried = ["fox", "river", "quick", "dog", "stone", "light", "the", "absent"];

    private readonly Dictionary<string, string?> _titles = [];

    public IReadOnlyCollection<string> Ids => _titles.Keys.ToList();

    public static string Id(int n) => $"00000000-0000-4000-8000-{n:D12}";

    /// <summary>A title of 1 to 6 words, deterministic per <paramref name="i"/>.</summary>
    public static string Text(int i)
    {
        var random = new Random(i);
        return string.Join(' ', Enumerable.Range(0, random.Next(1, 7)).Select(_ => Words[random.Next(Words.Length)]));
    }

    /// <summary>A put of object <paramref name="i"/> with <paramref name="title"/> (null: no title).</summary>
    public PutObject Put(int i, string? title)
    {
        _titles[Id(i)] = title;
        var properties = Properties(i, title);
        var o = new StoredObject { Class = Note.Name, Id = Id(i), Tenant = tenant, Properties = properties, CreationTimeUnix = 1000, LastUpdateTimeUnix = 1000 };
        return new PutObject(o, IndexEntries.For(Note, properties), PutMode.Upsert);
    }

    /// <summary>Records what a store holds for <paramref name="id"/> without writing it (its title, null: none).</summary>
    public void Know(string id, string? title) => _titles[id] = title;

    public DeleteObject Delete(int i) => Delete(Id(i));

    public DeleteObject Delete(string id)
    {
        _titles.Remove(id);
        return new DeleteObject(Note.Name, id, tenant);
    }

    /// <summary>A read-modify-write of object <paramref name="i"/> that sets its title.</summary>
    public ModifyObject Modify(int i, string? title)
    {
        _titles[Id(i)] = title;
        return new ModifyObject(Note.Name, Id(i), tenant, current =>
        {
            var properties = Properties(i, title);
            var next = new StoredObject
            {
                Class = Note.Name, Id = current.Id, Tenant = tenant, Properties = properties, CreationTimeUnix = current.CreationTimeUnix, LastUpdateTimeUnix = 2000,
            };
            return ModifyResult.Replace(next, IndexEntries.For(Note, properties));
        });
    }

    private static JsonObject Properties(int i, string? title)
    {
        var properties = new JsonObject { ["n"] = i };
        if (title is not null) properties["title"] = title;
        return properties;
    }

    /// <summary>Reads the index for every query word and checks counts, totals and each posting against the titles.</summary>
    public async Task AssertIndexAsync(IObjectStore store, string label)
    {
        var index = Assert.IsAssignableFrom<IKeywordIndex>(store);
        var read = await index.ReadKeywordIndexAsync(Note.Name, tenant, [new KeywordLookup("title", Queried)], null);
        var titled = _titles.Where(t => t.Value is not null).ToDictionary(t => t.Key, t => t.Value!.Split(' '));
        Assert.True(_titles.Count == read.Objects, $"{label}: objects {read.Objects}, expected {_titles.Count}");
        Assert.True(new KeywordTotals(titled.Count, titled.Sum(t => (long)t.Value.Length)) == read.Totals[0], $"{label}: totals {read.Totals[0]}");
        for (var t = 0; t < Queried.Length; t++)
        {
            var postings = read.Postings[0][t];
            var seqs = postings.Seqs.Take(postings.Count).ToList();
            Assert.True(seqs.SequenceEqual(seqs.Order().Distinct()), $"{label}: '{Queried[t]}' postings not ascending and distinct");
            var ids = await index.AdmitAsync(Note.Name, tenant, null, seqs);
            var found = new Dictionary<string, (int, int)>();
            for (var p = 0; p < postings.Count; p++)
            {
                Assert.True(ids.TryGetValue(postings.Seqs[p], out var id), $"{label}: '{Queried[t]}' has seq {postings.Seqs[p]} of no live object");
                found[id!] = (postings.Frequencies[p], postings.Lengths[p]);
            }
            var expected = titled.Where(o => o.Value.Contains(Queried[t]))
                .ToDictionary(o => o.Key, o => (o.Value.Count(w => w == Queried[t]), o.Value.Length));
            Assert.True(expected.Count == found.Count && expected.All(e => found.GetValueOrDefault(e.Key) == e.Value),
                $"{label}: '{Queried[t]}' postings [{string.Join(", ", found.OrderBy(f => f.Key))}], expected [{string.Join(", ", expected.OrderBy(f => f.Key))}]");
        }
    }
}
