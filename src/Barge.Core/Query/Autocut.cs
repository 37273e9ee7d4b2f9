namespace Barge.Core.Query;

/// <summary>
/// Weaviate's autocut: the scores (or distances) in result order are scaled to [0, 1] against a straight line from
/// the first to the last; each local maximum of the difference marks a jump, and the results stop before the
/// <c>n</c>-th jump. Computed in single precision, as Weaviate does, so that the same values cut at the same place.
/// </summary>
public static class Autocut
{
    /// <summary>How many of <paramref name="values"/> to keep for autocut <paramref name="jumps"/> (at least 1).</summary>
    public static int Keep(IReadOnlyList<float> values, int jumps)
    {
        // With two values or fewer there is no interior point to call a jump; Weaviate's own code indexes before the
        // start for two, so nothing is cut here.
        if (values.Count <= 2) return values.Count;
        var diff = new float[values.Count];
        var step = 1f / (values.Count - 1f);
        var first = values[0];
        var span = values[^1] - first;
        for (var i = 0; i < values.Count; i++) diff[i] = (values[i] - first) / span - i * step;
        var extrema = 0;
        for (var i = 1; i < diff.Length; i++)
        {
            var jump = i == diff.Length - 1
                ? diff[i] > diff[i - 1] && diff[i] > diff[i - 2]
                : diff[i] > diff[i - 1] && diff[i] > diff[i + 1];
            if (jump && ++extrema >= jumps) return i;
        }
        return values.Count;
    }
}
