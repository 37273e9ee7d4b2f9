using Barge.Core.Query;

namespace Barge.Core.Tests.Query;

public class NearestNeighboursTests
{
    [Fact]
    public void Keeps_the_k_nearest_of_many_nearest_first_ties_by_id()
    {
        var random = new Random(3);
        var all = Enumerable.Range(0, 1000).Select(i => new Neighbour($"id{i:D4}", random.Next(50))).ToList();
        var heap = new NearestNeighbours(10);
        foreach (var n in all) heap.Offer(n);
        var expected = all.OrderBy(n => n.Distance).ThenBy(n => n.Id, StringComparer.Ordinal).Take(10);
        Assert.Equal(expected, heap.InOrder());
    }

    [Fact]
    public void A_nan_distance_is_farther_than_any_and_k_zero_keeps_nothing()
    {
        var heap = new NearestNeighbours(2);
        heap.Offer(new Neighbour("a", float.NaN));
        heap.Offer(new Neighbour("b", 5));
        heap.Offer(new Neighbour("c", 1));
        Assert.Equal(["c", "b"], heap.InOrder().Select(n => n.Id));
        var none = new NearestNeighbours(0);
        none.Offer(new Neighbour("a", 0));
        Assert.Empty(none.InOrder());
    }
}
