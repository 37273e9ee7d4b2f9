using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Objects;
using Barge.Core.Storage;
using Barge.Storage.Tests.Backends;

namespace Barge.Storage.Tests.Writes;

public sealed class ReferenceTargetsTestsOnSqlite() : ReferenceTargetsTests(StoreBackend.Sqlite);

public sealed class ReferenceTargetsTestsOnPostgres() : ReferenceTargetsTests(StoreBackend.Postgres);

/// <summary>
/// A write's reference targets are looked up once, before validation (<see cref="ReferenceTargets"/>): the resolver
/// then answers the beacons the properties hold from that lookup, which the test shows by deleting a target after it
/// (the resolver still finds it: it did not ask the store again); it holds no store, so an id no beacon named is not found.
/// </summary>
public abstract class ReferenceTargetsTests(StoreBackend backend) : ArticleStoreTests(backend)
{
    private const string Missing = "0f9a4c1e-0000-4a8e-8c3f-6b7d1e2a9c40";

    [Fact]
    public async Task Beacons_anywhere_in_the_properties_are_answered_from_one_lookup()
    {
        var store = (await OpenAsync()).Store;
        await store.WriteAsync([Put(A, """{"title":"a"}"""), Put(B, """{"title":"b"}""")]);
        // A class-less beacon at the top, a class-named one nested in an object, one to nothing, and text that is no beacon.
        var properties = JsonDocument.Parse($$"""
            {"to":[{"beacon":"weaviate://localhost/{{A}}"}],
             "nested":{"deep":[{"beacon":"weaviate://localhost/Article/{{B}}"}]},
             "gone":[{"beacon":"weaviate://localhost/Article/{{Missing}}"}],
             "beacon":"not a beacon"}
            """).RootElement;

        var targets = await ReferenceTargets.FindAsync(store, [properties], CancellationToken.None);
        await store.WriteAsync([new DeleteObject("Article", A, null), new DeleteObject("Article", B, null)]);
        var refs = targets.Resolver(null);

        Assert.Equal(["Article"], refs.ClassesOf(A, []));
        Assert.True(refs.Exists("Article", B));
        Assert.False(refs.Exists("Article", Missing));
        Assert.Empty(refs.ClassesOf(B, ["Other"]));
        Assert.False(targets.Resolver("t1").Exists("Article", B)); // stored without a tenant
    }

    [Fact]
    public async Task An_id_no_beacon_named_is_asked_of_no_store_and_the_batch_own_objects_count()
    {
        var store = (await OpenAsync()).Store;
        var targets = await ReferenceTargets.FindAsync(store, [new JsonObject { ["to"] = new JsonArray(new JsonObject { ["beacon"] = $"weaviate://localhost/{B}" }) }], CancellationToken.None);
        await store.WriteAsync([Put(A, """{"title":"a"}""")]);
        var refs = targets.Resolver(null);

        // The resolver holds no store: an object stored since, that no beacon of the write named, is not seen.
        Assert.False(refs.Exists("Article", A));
        Assert.False(refs.Exists("Article", B));
        refs.AddPending("Article", B);
        Assert.True(refs.Exists("Article", B));
        Assert.Equal(["Article"], refs.ClassesOf(B, []));
    }

    [Fact]
    public async Task Properties_without_beacons_ask_nothing()
    {
        var store = (await OpenAsync()).Store;
        var none = await ReferenceTargets.FindAsync(store, [JsonDocument.Parse("""{"title":"x","n":[1,2]}""").RootElement, null], CancellationToken.None);
        Assert.Same(ReferenceTargets.None, none);
    }
}
