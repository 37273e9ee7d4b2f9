namespace Barge.Core.Query;

/// <summary>A stored vector's object and its distance to the query.</summary>
public readonly record struct Neighbour(string Id, float Distance);

/// <summary>
/// The <c>k</c> nearest of the candidates offered, kept in a bounded heap whose root is the farthest kept: memory is
/// bounded by k, not by how many candidates a scan offers. Equal distances order by id, so results are repeatable.
/// </summary>
internal sealed class NearestNeighbours(int k)
{
    private readonly PriorityQueue<Neighbour, Neighbour> _farthestFirst = new(Math.Min(k, 1024), FarthestFirst.Instance);

    public void Offer(Neighbour candidate)
    {
        if (k <= 0) return;
        if (_farthestFirst.Count < k) _farthestFirst.Enqueue(candidate, candidate);
        else if (Nearer(candidate, _farthestFirst.Peek()) < 0) _farthestFirst.DequeueEnqueue(candidate, candidate);
    }

    /// <summary>The kept neighbours, nearest first.</summary>
    public List<Neighbour> InOrder()
    {
        var list = _farthestFirst.UnorderedItems.Select(e => e.Element).ToList();
        list.Sort(Nearer);
        return list;
    }

    /// <summary>Negative when <paramref name="a"/> is nearer; NaN (an overflowed distance) is farther than everything.</summary>
    private static int Nearer(Neighbour a, Neighbour b)
    {
        var byDistance = Comparable(a.Distance).CompareTo(Comparable(b.Distance));
        return byDistance != 0 ? byDistance : string.CompareOrdinal(a.Id, b.Id);
    }

    private static float Comparable(float distance) => float.IsNaN(distance) ? float.PositiveInfinity : distance;

    private sealed class FarthestFirst : IComparer<Neighbour>
    {
        public static readonly FarthestFirst Instance = new();
        public int Compare(Neighbour x, Neighbour y) => Nearer(y, x);
    }
}
