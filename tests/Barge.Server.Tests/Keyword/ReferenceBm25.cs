using System.Globalization;
using System.Text.Json.Nodes;

namespace Barge.Server.Tests.Keyword;

/// <summary>A searched property as the reference sees it.</summary>
internal sealed record RefField(string Name, string Tokenization = "word", double Boost = 1);

/// <summary>
/// BM25F written from Weaviate's definition, independently of Barge's code (as tests/compat/bm25.mjs is), for the
/// keyword tests to check every score against a brute-force computation over the objects they know are stored:
/// per query term (stopwords dropped from word terms, a repeat multiplying its idf) f = Σ count × boost and
/// L = Σ length over the fields holding it, score = Σ idf · f / (f + k1 (1 − b + b L / avgLen)),
/// idf = ln(1 + (N − n + ½) / (n + ½)), avgLen the mean over fields of each field's mean length over objects with a value.
/// </summary>
internal static class ReferenceBm25
{
    private static readonly HashSet<string> Stopwords = [.. ("a an and are as at be but by for if in into is it no not of on or such that the their then " +
        "there these they this to was will with").Split(' ')];

    public static List<string> Tokenize(string tokenization, string text) => tokenization switch
    {
        "field" => text.Trim() is { Length: > 0 } t ? [t] : [],
        _ => SplitWords(text),
    };

    private static List<string> SplitWords(string text)
    {
        var terms = new List<string>();
        var current = new System.Text.StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (System.Text.Rune.IsLetterOrDigit(rune)) current.Append(System.Text.Rune.ToLowerInvariant(rune).ToString());
            else if (current.Length > 0)
            {
                terms.Add(current.ToString());
                current.Clear();
            }
        }
        if (current.Length > 0) terms.Add(current.ToString());
        return terms;
    }

    private static List<string>? TokensOf(JsonNode? value, string tokenization) => value switch
    {
        null => null,
        JsonArray a => a.SelectMany(v => Tokenize(tokenization, (string)v!)).ToList(),
        _ => Tokenize(tokenization, (string)value!),
    };

    /// <summary>(id, score) of the admitted objects holding at least <paramref name="minimumMatch"/> terms (null: all), best first.</summary>
    public static List<(string Id, double Score)> Rank(IReadOnlyDictionary<string, JsonObject> objects, string query, IReadOnlyList<RefField> fields,
        double k1 = 1.2, double b = 0.75, Func<JsonObject, bool>? admit = null, int? minimumMatch = 1)
    {
        var terms = new List<(string Text, int Repeats, List<RefField> Fields)>();
        foreach (var tokenization in fields.Select(f => f.Tokenization).Distinct())
            foreach (var g in Tokenize(tokenization, query).GroupBy(t => t))
                if (tokenization != "word" || !Stopwords.Contains(g.Key))
                    terms.Add((g.Key, g.Count(), fields.Where(f => f.Tokenization == tokenization).ToList()));
        var docs = objects.ToDictionary(o => o.Key, o => fields.ToDictionary(f => f.Name, f => TokensOf(o.Value[f.Name], f.Tokenization)));
        var avgLen = fields.Average(f =>
        {
            var lengths = docs.Values.Select(d => d[f.Name]).Where(t => t is not null).Select(t => (double)t!.Count).ToList();
            return lengths.Count == 0 ? 0 : lengths.Average();
        });
        var idf = terms.Select(t =>
        {
            var n = docs.Values.Count(d => t.Fields.Any(f => d[f.Name]?.Contains(t.Text) == true));
            return Math.Log(1 + (docs.Count - n + 0.5) / (n + 0.5)) * t.Repeats;
        }).ToList();
        var needed = minimumMatch ?? terms.Count;
        var scored = new List<(string, double)>();
        foreach (var (id, d) in docs)
        {
            if (admit is not null && !admit(objects[id])) continue;
            double score = 0;
            var held = 0;
            for (var i = 0; i < terms.Count; i++)
            {
                double f = 0, length = 0;
                foreach (var field in terms[i].Fields)
                {
                    var c = d[field.Name]?.Count(t => t == terms[i].Text) ?? 0;
                    if (c == 0) continue;
                    f += c * field.Boost;
                    length += d[field.Name]!.Count;
                }
                if (length == 0) continue;
                held++;
                score += idf[i] * f / (f + k1 * (1 - b + b * length / avgLen));
            }
            if (held > 0 && held >= needed) scored.Add((id, score));
        }
        return scored.OrderByDescending(s => s.Item2).ThenBy(s => s.Item1, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The returned (id, score), best first, are the best <paramref name="limit"/> of <paramref name="expected"/>: as
    /// many, each scored as computed here, none better left out.
    /// </summary>
    public static void AssertRanked(IReadOnlyList<(string Id, double Score)> expected, IReadOnlyList<(string Id, double Score)> returned, int limit, string label)
    {
        var want = expected.ToDictionary(e => e.Id, e => e.Score);
        Assert.True(Math.Min(limit, expected.Count) == returned.Count,
            $"{label}: {returned.Count} results, expected {Math.Min(limit, expected.Count)}: [{string.Join(", ", returned.Select(r => r.Id))}]");
        for (var i = 0; i < returned.Count; i++)
        {
            var (id, score) = returned[i];
            Assert.True(want.TryGetValue(id, out var w), $"{label}: {id} is not a match");
            Assert.True(Math.Abs(score - w) <= 1e-5 * Math.Max(1, Math.Abs(w)), $"{label}: {id} scored {score.ToString(CultureInfo.InvariantCulture)}, expected {w.ToString(CultureInfo.InvariantCulture)}");
            if (i > 0) Assert.True(score <= returned[i - 1].Score + 1e-6, $"{label}: not best first at {i}");
        }
        if (returned.Count == 0) return;
        var kept = returned.Select(r => r.Id).ToHashSet();
        var worst = returned[^1].Score;
        foreach (var e in expected)
            if (!kept.Contains(e.Id)) Assert.True(e.Score <= worst + 1e-5, $"{label}: {e.Id} ({e.Score}) was left out");
    }
}
