using System.Globalization;

namespace Barge.Core.Query;

/// <summary>One result of a hybrid sub-search: its score in that search (BM25F, or 1 − distance for the vector search).</summary>
internal readonly record struct RankedId(string Id, float Score);

/// <summary>A fused hybrid result: the fused score, the sub-score that breaks ties, and Weaviate's explanation.</summary>
internal sealed record FusedResult(string Id, float Score, float TieBreak, string Explain);

/// <summary>
/// Weaviate's two fusions of hybrid search's result sets (keyword first, then vector), each weighted (keyword 1 − alpha,
/// vector alpha). Ranked: a result at rank i (from 0) of a set adds weight / (i + 60). Relative score: each set's scores
/// are scaled to [0, 1] between its minimum and maximum (all equal: 1) and weighted. Results are ordered by fused score,
/// equal scores by the last set's sub-score, then by id.
/// </summary>
internal static class HybridFusion
{
    public static List<FusedResult> Fuse(FusionType fusion, IReadOnlyList<(string Name, double Weight, IReadOnlyList<RankedId> Results)> sets) =>
        fusion == FusionType.Ranked ? Ranked(sets) : Relative(sets);

    private static List<FusedResult> Ranked(IReadOnlyList<(string Name, double Weight, IReadOnlyList<RankedId> Results)> sets)
    {
        var fused = new Dictionary<string, FusedResult>(StringComparer.Ordinal);
        foreach (var (name, weight, results) in sets)
        {
            for (var i = 0; i < results.Count; i++)
            {
                var r = results[i];
                var score = (float)(weight / (i + 60));
                var line = $"\nHybrid (Result Set {name}) Document {r.Id} contributed {Go(score)} to the score";
                fused[r.Id] = fused.TryGetValue(r.Id, out var previous)
                    ? new FusedResult(r.Id, score + previous.Score, r.Score, previous.Explain + line)
                    : new FusedResult(r.Id, score, r.Score, line);
            }
        }
        return Ordered(fused.Values);
    }

    private static List<FusedResult> Relative(IReadOnlyList<(string Name, double Weight, IReadOnlyList<RankedId> Results)> sets)
    {
        var fused = new Dictionary<string, FusedResult>(StringComparer.Ordinal);
        foreach (var (name, weight, results) in sets)
        {
            if (results.Count == 0) continue;
            var max = results.Max(r => r.Score);
            var min = results.Min(r => r.Score);
            foreach (var r in results)
            {
                var score = (float)weight;
                if (max != min) score *= (r.Score - min) / (max - min);
                var explain = $"Hybrid (Result Set {name}) Document {r.Id}: original score {Go(r.Score)}, normalized score: {Go(score)}";
                if (fused.TryGetValue(r.Id, out var previous))
                {
                    score += previous.Score;
                    explain += " - " + previous.Explain;
                }
                fused[r.Id] = new FusedResult(r.Id, score, r.Score, "\n" + explain);
            }
        }
        return Ordered(fused.Values);
    }

    /// <summary>
    /// Best first. Weaviate also treats relative scores closer than 1e-7 as equal; that tolerance is not a total order
    /// (a sort may reject it), so only exactly equal scores fall through to the tie breaks here.
    /// </summary>
    private static List<FusedResult> Ordered(IEnumerable<FusedResult> results)
    {
        var list = results.ToList();
        list.Sort((a, b) =>
        {
            var order = b.Score.CompareTo(a.Score);
            if (order != 0) return order;
            var tie = b.TieBreak.CompareTo(a.TieBreak);
            return tie != 0 ? tie : string.CompareOrdinal(a.Id, b.Id);
        });
        return list;
    }

    /// <summary>A single-precision number as Go's <c>%v</c> prints it (shortest round-trip form).</summary>
    private static string Go(float value) => value.ToString(CultureInfo.InvariantCulture);
}
