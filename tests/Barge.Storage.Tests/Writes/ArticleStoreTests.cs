using Barge.Core.Schema;
using Barge.Core.Storage;
using Barge.Storage.Tests.Backends;
using Barge.Storage.Tests.Filters;

namespace Barge.Storage.Tests.Writes;

/// <summary>
/// The base of the write contract tests: a store of the backend under test holding one saved class, Article
/// (a word-tokenized title and an int, so that puts carry text and number index entries), seen only through the
/// ports. Index entries are checked through filters, not tables, since each backend lays them out its own way.
/// </summary>
public abstract class ArticleStoreTests(StoreBackend backend) : IAsyncLifetime
{
    protected const string A = "7c0c5a0e-3b8e-4f5e-9d0c-2f1a0b3c4d5e";
    protected const string B = "0f9a4c1e-5d2b-4a8e-8c3f-6b7d1e2a9c40";

    protected static ClassDefinition Article => TestClasses.Article;

    private FilterDatabase? _db;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_db is not null) await _db.DisposeAsync();
    }

    /// <summary>Opens the test's store with Article saved. Call it in the test body (see <see cref="StoreBackend.OpenAsync"/>).</summary>
    protected async Task<FilterDatabase> OpenAsync()
    {
        _db = await FilterDatabase.OpenAsync(backend, Article);
        await _db.Store.SaveClassAsync(Article);
        return _db;
    }

    protected static PutObject Put(string id, string propertiesJson, PutMode mode = PutMode.Upsert, float[]? vector = null, long time = 1000) =>
        TestPuts.Put(Article, id, propertiesJson, mode, vector, time);

    protected static async Task<string?> TitleAsync(IObjectStore store, string id) =>
        (await store.GetAsync("Article", id, null))?.Properties["title"]?.GetValue<string>();

    /// <summary>Ids of the articles whose title has the word <paramref name="word"/>.</summary>
    protected static Task<List<string>> WithTitleWordAsync(FilterDatabase db, string word) =>
        db.IdsAsync("Article", $$"""{"operator":"Equal","path":["title"],"valueText":"{{word}}"}""");
}
