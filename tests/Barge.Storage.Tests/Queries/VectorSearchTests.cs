using System.Text.Json.Nodes;
using Barge.Core.Errors;
using Barge.Core.Query;
using Barge.Core.Schema;
using Barge.Storage.Tests.Backends;
using static Barge.Storage.Tests.Queries.QueryDatabase;

namespace Barge.Storage.Tests.Queries;

public sealed class VectorSearchTestsOnSqlite() : VectorSearchTests(StoreBackend.Sqlite);

public sealed class VectorSearchTestsOnPostgres() : VectorSearchTests(StoreBackend.Postgres);

/// <summary>
/// Exact vector search through the query engine: every result list is compared with a brute-force search computed
/// here in double precision (naive loops, not the engine's SIMD code), over the same filter and threshold.
/// </summary>
public abstract class VectorSearchTests(StoreBackend backend)
{
    private const int Dimensions = 19; // not a multiple of any SIMD width: the tail loop runs too
    private const int Objects = 60;
    private static readonly JsonNode NAtLeast20 = JsonNode.Parse("""{"path":["n"],"operator":"GreaterThanEqual","valueInt":20}""")!;

    private static ClassDefinition Class(string metric, string indexType = "hnsw") => new()
    {
        Name = "Vec" + metric.Replace("-", "", StringComparison.Ordinal).ToUpperInvariant(),
        VectorIndexType = indexType,
        VectorIndexConfig = new JsonObject { ["distance"] = metric },
        Properties = [new PropertyDefinition { Name = "n", DataTypeNames = ["int"] }],
    };

    /// <summary>Hamming compares values for equality, so its vectors take few distinct values; the others are continuous.</summary>
    private static float[] RandomVector(Random random, string metric) => Enumerable.Range(0, Dimensions)
        .Select(_ => metric == "hamming" ? random.Next(3) : (float)(random.NextDouble() * 2 - 1)).ToArray();

    private sealed record Data(QueryDatabase Db, ClassDefinition Class, Dictionary<string, (int N, float[] Vector)> Vectors, float[] Query);

    private async Task<Data> DataAsync(string metric, string indexType = "hnsw")
    {
        var cls = Class(metric, indexType);
        var db = await OpenAsync(backend, null, cls);
        var random = new Random(metric.Length * 7919 + 17);
        var vectors = new Dictionary<string, (int, float[])>();
        for (var i = 0; i < Objects; i++)
        {
            var v = RandomVector(random, metric);
            vectors[Id(i)] = (i, v);
            await db.PutAsync(cls.Name, Id(i), $$"""{"n":{{i}}}""", v);
        }
        // Objects without a vector are never candidates, whatever the filter.
        for (var i = Objects; i < Objects + 3; i++) await db.PutAsync(cls.Name, Id(i), $$"""{"n":{{i}}}""");
        return new Data(db, cls, vectors, RandomVector(random, metric));
    }

    private static double BruteDistance(string metric, float[] q, float[] v)
    {
        double dot = 0, qq = 0, vv = 0, squares = 0, absolute = 0, differing = 0;
        for (var i = 0; i < q.Length; i++)
        {
            dot += (double)q[i] * v[i];
            qq += (double)q[i] * q[i];
            vv += (double)v[i] * v[i];
            squares += ((double)q[i] - v[i]) * ((double)q[i] - v[i]);
            absolute += Math.Abs((double)q[i] - v[i]);
            if (q[i] != v[i]) differing++;
        }
        return metric switch
        {
            "cosine" => 1 - dot / Math.Sqrt(qq * vv),
            "dot" => -dot,
            "l2-squared" => squares,
            "manhattan" => absolute,
            _ => differing,
        };
    }

    /// <summary>Ids with n ≥ 20 and their brute-force distances, nearest first (ties by id, as the engine orders them).</summary>
    private static List<(string Id, double Distance)> BruteForce(Data data, string metric, float[] query) => data.Vectors
        .Where(e => e.Value.N >= 20)
        .Select(e => (e.Key, BruteDistance(metric, query, e.Value.Vector)))
        .OrderBy(e => e.Item2).ThenBy(e => e.Key, StringComparer.Ordinal)
        .ToList();

    private static void AssertSame(List<(string Id, double Distance)> expected, SearchResult actual)
    {
        Assert.Equal(expected.Select(e => e.Id), actual.Hits.Select(h => h.Object.Id));
        for (var i = 0; i < expected.Count; i++) Assert.Equal(expected[i].Distance, (double)actual.Hits[i].Distance!.Value, 4);
    }

    public static TheoryData<string, string> Metrics => new()
    {
        { "cosine", "hnsw" }, { "dot", "flat" }, { "l2-squared", "hnsw" }, { "hamming", "flat" }, { "manhattan", "dynamic" },
    };

    [Theory]
    [MemberData(nameof(Metrics))]
    public async Task Near_vector_with_a_filter_returns_the_brute_force_top_k_for_each_metric(string metric, string indexType)
    {
        var data = await DataAsync(metric, indexType);
        await using var db = data.Db;
        var result = await db.Query.SearchAsync(new SearchQuery(data.Class.Name)
        {
            Near = new NearVector(data.Query), Filter = Where(NAtLeast20.ToJsonString()), Limit = 7,
        });
        Assert.Equal(DistanceMetrics.Of(data.Class), result.Metric);
        AssertSame(BruteForce(data, metric, data.Query).Take(7).ToList(), result);
    }

    [Theory]
    [MemberData(nameof(Metrics))]
    public async Task A_distance_threshold_without_limit_returns_everything_within_it_nearest_first(string metric, string indexType)
    {
        var data = await DataAsync(metric, indexType);
        await using var db = data.Db;
        var brute = BruteForce(data, metric, data.Query);
        // Halfway between the 12th and the first farther distance: no result sits on the boundary.
        var farther = brute.First(b => b.Distance > brute[11].Distance).Distance;
        var threshold = (brute[11].Distance + farther) / 2;
        var result = await db.Query.SearchAsync(new SearchQuery(data.Class.Name)
        {
            Near = new NearVector(data.Query, Distance: threshold), Filter = Where(NAtLeast20.ToJsonString()),
        });
        var expected = brute.Where(b => b.Distance <= threshold).ToList();
        Assert.True(expected.Count >= 12);
        AssertSame(expected, result);
    }

    [Fact]
    public async Task Certainty_is_one_minus_half_the_cosine_distance_and_thresholds_the_results()
    {
        var data = await DataAsync("cosine");
        await using var db = data.Db;
        var brute = BruteForce(data, "cosine", data.Query);
        var certainty = 1 - (brute[4].Distance + brute[5].Distance) / 4; // between the 5th and 6th nearest
        var result = await db.Query.SearchAsync(new SearchQuery(data.Class.Name)
        {
            Near = new NearVector(data.Query, Certainty: certainty), Filter = Where(NAtLeast20.ToJsonString()),
        });
        AssertSame(brute.Take(5).ToList(), result);
        Assert.All(result.Hits, h => Assert.Equal(1 - h.Distance!.Value / 2.0, h.Certainty!.Value, 6));
        Assert.All(result.Hits, h => Assert.True(h.Certainty >= certainty));
    }

    [Fact]
    public async Task Certainty_on_a_class_measuring_another_distance_is_refused_with_weaviates_message()
    {
        var data = await DataAsync("l2-squared");
        await using var db = data.Db;
        var e = await Assert.ThrowsAsync<UserInputException>(() => db.Query.SearchAsync(new SearchQuery(data.Class.Name)
        {
            Near = new NearVector(data.Query, Certainty: 0.8),
        }));
        Assert.Equal("can't compute and return certainty when vector index is configured with l2-squared distance", e.Message);
        var plain = await db.Query.SearchAsync(new SearchQuery(data.Class.Name) { Near = new NearVector(data.Query), Limit = 3 });
        Assert.All(plain.Hits, h => Assert.Null(h.Certainty));
    }

    [Fact]
    public async Task Near_object_uses_the_stored_vector_and_finds_the_object_itself_at_distance_zero()
    {
        var data = await DataAsync("l2-squared");
        await using var db = data.Db;
        var self = Id(33);
        var result = await db.Query.SearchAsync(new SearchQuery(data.Class.Name)
        {
            Near = new NearObject(self.ToUpperInvariant()), Filter = Where(NAtLeast20.ToJsonString()), Limit = 5,
        });
        AssertSame(BruteForce(data, "l2-squared", data.Vectors[self].Vector).Take(5).ToList(), result);
        Assert.Equal(self, result.Hits[0].Object.Id);
        Assert.Equal(0f, result.Hits[0].Distance);
        var missing = await Assert.ThrowsAsync<UserInputException>(() => db.Query.SearchAsync(new SearchQuery(data.Class.Name) { Near = new NearObject(Id(999)) }));
        Assert.Contains("no object with id", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offset_pages_through_the_nearest_in_distance_order()
    {
        var data = await DataAsync("dot", "flat");
        await using var db = data.Db;
        var brute = BruteForce(data, "dot", data.Query);
        var page = await db.Query.SearchAsync(new SearchQuery(data.Class.Name)
        {
            Near = new NearVector(data.Query), Filter = Where(NAtLeast20.ToJsonString()), Offset = 3, Limit = 4,
        });
        AssertSame(brute.Skip(3).Take(4).ToList(), page);
    }

    [Fact]
    public async Task Without_a_filter_every_object_with_a_vector_is_a_candidate_and_vectors_come_back_only_when_asked()
    {
        var data = await DataAsync("manhattan");
        await using var db = data.Db;
        var result = await db.Query.SearchAsync(new SearchQuery(data.Class.Name) { Near = new NearVector(data.Query), Limit = 100 });
        Assert.Equal(Objects, result.Hits.Count);
        Assert.All(result.Hits, h => Assert.Null(h.Object.Vector));
        var withVectors = await db.Query.SearchAsync(new SearchQuery(data.Class.Name) { Near = new NearVector(data.Query), Limit = 2, IncludeVector = true });
        Assert.All(withVectors.Hits, h => Assert.Equal(data.Vectors[h.Object.Id].Vector, h.Object.Vector!));
    }

    [Fact]
    public async Task A_query_vector_of_another_length_is_a_user_error()
    {
        var data = await DataAsync("cosine");
        await using var db = data.Db;
        var e = await Assert.ThrowsAsync<UserInputException>(() => db.Query.SearchAsync(new SearchQuery(data.Class.Name) { Near = new NearVector([1f, 2f, 3f]) }));
        Assert.Equal($"3 vs {Dimensions}: vector lengths don't match", e.Message);
    }

    [Fact]
    public async Task Sort_or_cursor_with_a_vector_search_is_refused()
    {
        var data = await DataAsync("cosine");
        await using var db = data.Db;
        await Assert.ThrowsAsync<UserInputException>(() => db.Query.SearchAsync(new SearchQuery(data.Class.Name)
        {
            Near = new NearVector(data.Query), Sort = [new Core.Storage.SortField("n", false)],
        }));
        await Assert.ThrowsAsync<UserInputException>(() => db.Query.SearchAsync(new SearchQuery(data.Class.Name)
        {
            Near = new NearVector(data.Query), After = Id(1),
        }));
    }
}
