using Barge.Core.Errors;
using Barge.Core.Query;
using Barge.Core.Query.Aggregation;
using Barge.Core.Schema;
using Barge.Storage.Tests.Backends;
using static Barge.Storage.Tests.Queries.QueryDatabase;

namespace Barge.Storage.Tests.Queries;

public sealed class AggregateTestsOnSqlite() : AggregateTests(StoreBackend.Sqlite);

public sealed class AggregateTestsOnSqliteRows() : AggregateTests(StoreBackend.SqliteRows);

public sealed class AggregateTestsOnPostgres() : AggregateTests(StoreBackend.Postgres);

/// <summary>
/// Aggregations on six known products; every expected number below is worked out by hand from <see cref="Products"/>.
/// Object 5's release date is object 1's instant written with another offset; object 6 has almost nothing set.
/// </summary>
public abstract class AggregateTests(StoreBackend backend)
{
    private static readonly ClassDefinition Maker = new() { Name = "Maker", Properties = [new PropertyDefinition { Name = "name", DataTypeNames = ["text"] }] };

    private static readonly ClassDefinition Product = new()
    {
        Name = "Product",
        Properties =
        [
            new PropertyDefinition { Name = "name", DataTypeNames = ["text"], Tokenization = "field" },
            new PropertyDefinition { Name = "tags", DataTypeNames = ["text[]"], Tokenization = "field" },
            new PropertyDefinition { Name = "price", DataTypeNames = ["number"] },
            new PropertyDefinition { Name = "stock", DataTypeNames = ["int"] },
            new PropertyDefinition { Name = "available", DataTypeNames = ["boolean"] },
            new PropertyDefinition { Name = "released", DataTypeNames = ["date"] },
            new PropertyDefinition { Name = "maker", DataTypeNames = ["Maker"] },
            new PropertyDefinition { Name = "place", DataTypeNames = ["geoCoordinates"] },
        ],
    };

    private static readonly string M1 = "weaviate://localhost/Maker/" + Id(101);
    private static readonly string M2 = "weaviate://localhost/Maker/" + Id(102);

    private static readonly (int N, string Json, float[]? Vector)[] Products =
    [
        (1, $$"""{"name":"lamp","tags":["home","light"],"price":10.0,"stock":5,"available":true,"released":"2024-01-01T00:00:00Z","maker":[{"beacon":"{{M1}}"}]}""", [1, 0]),
        (2, $$"""{"name":"desk","tags":["home","office"],"price":20.5,"stock":5,"available":false,"released":"2024-03-01T00:00:00Z","maker":[{"beacon":"{{M1}}"}]}""", [0, 1]),
        (3, $$"""{"name":"chair","tags":["office"],"price":20.5,"stock":2,"available":true,"released":"2024-03-01T00:00:00Z","maker":[{"beacon":"{{M2}}"}]}""", [0.9f, 0.1f]),
        (4, $$"""{"name":"lamp","tags":["light"],"price":7.0,"stock":9,"available":true,"released":"2024-02-01T12:00:00.5Z","maker":[{"beacon":"{{M2}}"}]}""", [-1, 0]),
        (5, """{"name":"rug","tags":[],"price":3.5,"available":false,"released":"2023-12-31T23:00:00-01:00"}""", [0.5f, 0.5f]),
        (6, """{"name":"lamp","stock":1}""", null),
    ];

    private async Task<QueryDatabase> DatabaseAsync()
    {
        var db = await OpenAsync(backend, null, Maker, Product);
        await db.PutAsync("Maker", Id(101), """{"name":"one"}""");
        await db.PutAsync("Maker", Id(102), """{"name":"two"}""");
        foreach (var (n, json, vector) in Products) await db.PutAsync("Product", Id(n), json, vector);
        return db;
    }

    private static AggregateQuery Query(params string[] properties) =>
        new("Product") { Properties = properties.Select(p => new AggregateProperty(p)).ToList() };

    private static T Single<T>(AggregateResult r, string property) where T : PropertyAggregation =>
        Assert.IsType<T>(Assert.Single(r.Properties, p => p.Property == property));

    private const string StockAbove1 = """{"path":["stock"],"operator":"GreaterThan","valueInt":1}""";

    [Fact]
    public async Task Count_over_all_objects_and_over_those_a_filter_admits()
    {
        await using var db = await DatabaseAsync();
        Assert.Equal(6, (await db.Query.AggregateAsync(Query())).Count);
        Assert.Equal(3, (await db.Query.AggregateAsync(Query() with { Filter = Where("""{"path":["available"],"operator":"Equal","valueBoolean":true}""") })).Count);
        Assert.Equal(0, (await db.Query.AggregateAsync(new AggregateQuery("Product", "t1"))).Count);
    }

    [Fact]
    public async Task Numeric_aggregations_of_number_and_int_properties()
    {
        await using var db = await DatabaseAsync();
        var r = await db.Query.AggregateAsync(Query("price", "stock"));
        Assert.Equal(6, r.Count);
        Assert.Equal(new NumericAggregation("price", "number", 5, 3.5, 20.5, 12.3, 10, 20.5, 61.5), Single<NumericAggregation>(r, "price") with { Mean = Math.Round(Single<NumericAggregation>(r, "price").Mean!.Value, 9) });
        var stock = Single<NumericAggregation>(r, "stock");
        Assert.Equal(new NumericAggregation("stock", "int", 5, 1, 9, 4.4, 5, 5, 22), stock with { Mean = Math.Round(stock.Mean!.Value, 9) });
        Assert.True(stock.IsInteger);
    }

    [Fact]
    public async Task The_median_of_an_even_count_is_the_mean_of_the_middle_two_and_a_filter_matching_nothing_leaves_only_the_count()
    {
        await using var db = await DatabaseAsync();
        var r = await db.Query.AggregateAsync(Query("price", "stock", "released") with { Filter = Where(StockAbove1) });
        Assert.Equal(4, r.Count);
        var price = Single<NumericAggregation>(r, "price");
        Assert.Equal((7.0, 20.5, 15.25, 20.5, 58.0), (price.Minimum!.Value, price.Maximum!.Value, price.Median!.Value, price.Mode!.Value, price.Sum!.Value));
        Assert.Equal(5, Single<NumericAggregation>(r, "stock").Median); // 2, 5, 5, 9: both middle values are 5
        Assert.Equal("2024-02-15T18:00:00.25Z", Single<DateAggregation>(r, "released").Median); // midpoint of Feb 1 12:00:00.5 and Mar 1

        var none = await db.Query.AggregateAsync(Query("price", "released") with { Filter = Where("""{"path":["stock"],"operator":"GreaterThan","valueInt":100}""") });
        Assert.Equal(0, none.Count);
        Assert.Equal(new NumericAggregation("price", "number", 0, null, null, null, null, null, null), Single<NumericAggregation>(none, "price"));
        Assert.Equal(new DateAggregation("released", "date", 0, null, null, null, null), Single<DateAggregation>(none, "released"));
    }

    [Fact]
    public async Task Text_counts_every_value_and_ranks_top_occurrences_by_count_then_value()
    {
        await using var db = await DatabaseAsync();
        var r = await db.Query.AggregateAsync(Query() with { Properties = [new AggregateProperty("name", 2), new AggregateProperty("tags", 3)] });
        var name = Single<TextAggregation>(r, "name");
        Assert.Equal(6, name.Count);
        Assert.Equal([new TextOccurrence("lamp", 3), new TextOccurrence("chair", 1)], name.TopOccurrences);
        var tags = Single<TextAggregation>(r, "tags");
        Assert.Equal(("text[]", 6L), (tags.Type, tags.Count));
        Assert.Equal([new TextOccurrence("home", 2), new TextOccurrence("light", 2), new TextOccurrence("office", 2)], tags.TopOccurrences);
    }

    [Fact]
    public async Task Boolean_date_and_reference_aggregations()
    {
        await using var db = await DatabaseAsync();
        var r = await db.Query.AggregateAsync(Query("available", "released", "maker"));
        Assert.Equal(new BooleanAggregation("available", "boolean", 5, 3, 2, 0.6, 0.4), Single<BooleanAggregation>(r, "available"));
        // Instants: Jan 1 (twice: objects 1 and 5), Feb 1 12:00:00.5, Mar 1 (twice). The mode's tie goes to the earliest.
        Assert.Equal(new DateAggregation("released", "date", 5, "2024-01-01T00:00:00Z", "2024-03-01T00:00:00Z", "2024-02-01T12:00:00.5Z", "2024-01-01T00:00:00Z"),
            Single<DateAggregation>(r, "released"));
        var maker = Single<ReferenceAggregation>(r, "maker");
        Assert.Equal("cref", maker.Type);
        Assert.Equal([M1, M2], maker.PointingTo);
    }

    [Fact]
    public async Task Group_by_makes_a_group_per_value_largest_first_with_its_own_aggregations()
    {
        await using var db = await DatabaseAsync();
        var byName = await db.Query.AggregateAsync(Query("price") with { GroupBy = "name", GroupLimit = 3 });
        Assert.Equal(6, byName.Count);
        Assert.Equal([("lamp", 3L), ("chair", 1L), ("desk", 1L)], byName.Groups!.Select(g => ((string)g.Value, g.Count)));
        var lampPrice = Assert.IsType<NumericAggregation>(byName.Groups![0].Properties.Single());
        Assert.Equal((2L, 7.0, 10.0, 8.5, 17.0), (lampPrice.Count, lampPrice.Minimum!.Value, lampPrice.Maximum!.Value, lampPrice.Median!.Value, lampPrice.Sum!.Value));

        var byTag = await db.Query.AggregateAsync(Query() with { GroupBy = "tags" });
        Assert.Equal([("home", 2L), ("light", 2L), ("office", 2L)], byTag.Groups!.Select(g => ((string)g.Value, g.Count)));

        var byStock = await db.Query.AggregateAsync(Query("name") with { GroupBy = "stock" });
        Assert.Equal([(5L, 2L), (1L, 1L), (2L, 1L), (9L, 1L)], byStock.Groups!.Select(g => ((long)g.Value, g.Count)));
        Assert.Equal([new TextOccurrence("desk", 1), new TextOccurrence("lamp", 1)], Assert.IsType<TextAggregation>(byStock.Groups![0].Properties.Single()).TopOccurrences);

        var byAvailable = await db.Query.AggregateAsync(Query() with { GroupBy = "available", Filter = Where(StockAbove1) });
        Assert.Equal([(true, 3L), (false, 1L)], byAvailable.Groups!.Select(g => ((bool)g.Value, g.Count)));
    }

    [Fact]
    public async Task Near_vector_aggregates_the_nearest_objects_by_object_limit_or_threshold()
    {
        await using var db = await DatabaseAsync();
        // Cosine distances to [1, 0]: object 1 → 0, 3 → 0.006, 5 → 0.293, 2 → 1, 4 → 2 (6 has no vector).
        var nearest2 = await db.Query.AggregateAsync(Query("price") with { Near = new NearVector([1, 0]), ObjectLimit = 2 });
        Assert.Equal(2, nearest2.Count);
        Assert.Equal(30.5, Single<NumericAggregation>(nearest2, "price").Sum);
        Assert.Equal(3, (await db.Query.AggregateAsync(Query() with { Near = new NearVector([1, 0], Distance: 0.5) })).Count);
        Assert.Equal(2, (await db.Query.AggregateAsync(Query() with { Near = new NearObject(Id(1), Certainty: 0.9) })).Count);
        var filtered = await db.Query.AggregateAsync(Query("name") with
        {
            Near = new NearVector([-1, 0]),
            ObjectLimit = 2,
            Filter = Where("""{"path":["available"],"operator":"Equal","valueBoolean":true}"""),
        });
        // Among available objects (1, 3, 4) the nearest two to [-1, 0] are 4 (lamp) and 3 (chair); ties list by value.
        Assert.Equal([new TextOccurrence("chair", 1), new TextOccurrence("lamp", 1)], Single<TextAggregation>(filtered, "name").TopOccurrences);
        var e = await Assert.ThrowsAsync<UserInputException>(() => db.Query.AggregateAsync(Query() with { Near = new NearVector([1, 0]) }));
        Assert.Equal("must provide certainty or objectLimit with vector search", e.Message);
    }

    [Fact]
    public async Task Unknown_properties_and_types_without_aggregations_are_refused()
    {
        await using var db = await DatabaseAsync();
        await Assert.ThrowsAsync<UserInputException>(() => db.Query.AggregateAsync(Query("weight")));
        var geo = await Assert.ThrowsAsync<UserInputException>(() => db.Query.AggregateAsync(Query("place")));
        Assert.Equal("cannot aggregate property 'place' of type geoCoordinates", geo.Message);
        await Assert.ThrowsAsync<UserInputException>(() => db.Query.AggregateAsync(Query() with { GroupBy = "place" }));
    }
}
