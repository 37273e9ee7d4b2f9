using Barge.Core.Errors;
using Barge.Core.Query;

namespace Barge.Core.Tests.Query;

public class VectorDistanceTests
{
    /// <summary>q = (3, 4) and v = (1, 2): q·v = 11, |q| = 5, |v| = √5, differences (2, 2).</summary>
    public static TheoryData<DistanceMetric, double> ByHand => new()
    {
        { DistanceMetric.Cosine, 1 - 11 / (5 * Math.Sqrt(5)) },
        { DistanceMetric.Dot, -11 },
        { DistanceMetric.L2Squared, 8 },
        { DistanceMetric.Manhattan, 4 },
        { DistanceMetric.Hamming, 2 },
    };

    [Theory]
    [MemberData(nameof(ByHand))]
    public void Each_metric_measures_as_weaviate_defines_it(DistanceMetric metric, double expected) =>
        Assert.Equal(expected, new VectorDistance(metric, [3, 4]).To([1, 2]), 5);

    [Fact]
    public void Simd_and_tail_agree_with_a_naive_loop_for_lengths_around_the_vector_width()
    {
        var random = new Random(7);
        foreach (var length in new[] { 1, 7, 8, 9, 15, 16, 17, 33, 100 })
        {
            var q = Enumerable.Range(0, length).Select(_ => (float)random.Next(-2, 3)).ToArray();
            var v = Enumerable.Range(0, length).Select(_ => (float)random.Next(-2, 3)).ToArray();
            Assert.Equal(q.Zip(v).Count(p => p.First != p.Second), new VectorDistance(DistanceMetric.Hamming, q).To(v));
            Assert.Equal(q.Zip(v).Sum(p => Math.Abs(p.First - p.Second)), new VectorDistance(DistanceMetric.Manhattan, q).To(v), 4);
            Assert.Equal(q.Zip(v).Sum(p => (p.First - p.Second) * (p.First - p.Second)), new VectorDistance(DistanceMetric.L2Squared, q).To(v), 4);
        }
    }

    [Fact]
    public void A_zero_vector_is_at_cosine_distance_one_and_a_length_mismatch_is_the_callers_error()
    {
        Assert.Equal(1f, new VectorDistance(DistanceMetric.Cosine, [0, 0]).To([1, 2]));
        var e = Assert.Throws<UserInputException>(() => new VectorDistance(DistanceMetric.Dot, [1, 2]).To([1, 2, 3]));
        Assert.Equal("2 vs 3: vector lengths don't match", e.Message);
    }
}
