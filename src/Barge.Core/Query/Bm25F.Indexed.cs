using Barge.Core.Filters;
using Barge.Core.Storage;

namespace Barge.Core.Query;

/// <summary>
/// BM25F from the store's keyword index: the same statistics and the same arithmetic as the scan, fed by the query
/// terms' posting lists. N, the properties' mean lengths and each term's n come from the index; the candidates are the
/// objects in the terms' lists, walked in seq order once (document at a time, every list of the query side by side),
/// so that a term's frequency and length add up over the properties in the same order as the scan adds them.
/// </summary>
/// <remarks>
/// The filter is applied to the candidates best first, a growing slice at a time: the slice holds every candidate
/// scoring at least some threshold, so once it holds enough admitted ones the best of the whole set are among them,
/// and a filter that admits most objects costs a few lookups; a filter the store answers from its index with the read
/// leaves out what it does not match before scoring. Every posting of the query's terms is read and scored:
/// n must count every holder of a term anyway, and the scoring loop is cheap next to reading the lists.
/// </remarks>
internal sealed partial class Bm25F
{
    /// <summary>The first slice of candidates the filter is asked about, as a multiple of the results wanted.</summary>
    private const int FirstSliceFactor = 2;

    /// <summary>How much each further slice grows when the filter admitted too few.</summary>
    private const int SliceGrowth = 4;

    private async Task<List<ScoredObject>> RankIndexedAsync(IKeywordIndex index, string? tenant, FilterNode? filter, bool explain, int want, CancellationToken ct)
    {
        // Per field, the distinct terms looked up in it; per (term, field of the term), where its list is.
        var lookups = new List<string>[_fields.Length];
        var at = new int[_terms.Length][];
        for (var f = 0; f < _fields.Length; f++) lookups[f] = [];
        for (var t = 0; t < _terms.Length; t++)
        {
            at[t] = new int[_terms[t].Fields.Length];
            for (var k = 0; k < _terms[t].Fields.Length; k++)
            {
                var f = _terms[t].Fields[k];
                var i = lookups[f].IndexOf(_terms[t].Text);
                if (i < 0)
                {
                    i = lookups[f].Count;
                    lookups[f].Add(_terms[t].Text);
                }
                at[t][k] = i;
            }
        }
        var read = await index.ReadKeywordIndexAsync(_class, tenant,
            _fields.Select((field, f) => new KeywordLookup(field.Name, lookups[f])).ToList(), filter, ct).ConfigureAwait(false);
        // A filter the store answered with the read: only its matches are scored, and the store is asked only whether
        // they are still live objects of the class and tenant.
        var matches = read.FilterMatches;
        if (matches is not null) filter = null;

        var candidates = Collect(read, at);
        var averageLength = 0.0;
        for (var f = 0; f < _fields.Length; f++)
        {
            var totals = read.Totals[f];
            averageLength += totals.Objects == 0 ? 0 : (float)((double)totals.LengthSum / totals.Objects);
        }
        averageLength /= _fields.Length;
        var idf = new double[_terms.Length];
        for (var t = 0; t < _terms.Length; t++)
            idf[t] = Math.Log(1 + (read.Objects - candidates.Holding[t] + 0.5) / (candidates.Holding[t] + 0.5)) * _terms[t].Repeats;

        // Scored, minimum match applied: indexes into the candidates, and their scores.
        var kept = new int[candidates.Count];
        var scores = new float[candidates.Count];
        var keptCount = 0;
        for (var c = 0; c < candidates.Count; c++)
        {
            if (matches is not null && !matches(candidates.Seqs[c])) continue;
            var score = 0.0;
            var held = 0;
            for (var t = 0; t < _terms.Length; t++)
            {
                var length = candidates.Length[t][c];
                var frequency = candidates.Frequency[t][c];
                if (length == 0 && frequency == 0) continue;
                held++;
                double freq = frequency;
                score += idf[t] * freq / (freq + _k1 * (1 - _b + _b * length / averageLength));
            }
            if (held < _minimumMatch) continue;
            kept[keptCount] = c;
            scores[keptCount++] = (float)score;
        }

        var best = await BestAdmittedAsync(index, tenant, filter, want, candidates.Seqs, kept, scores, keptCount, ct).ConfigureAwait(false);
        var results = new List<ScoredObject>(best.Count);
        foreach (var (id, score, c) in best)
            results.Add(new ScoredObject(id, score, explain ? Explain(candidates.FrequenciesOf(c), candidates.LengthsOf(c)) : ""));
        return results;
    }

    /// <summary>
    /// The candidates in seq order with, per term, the boosted frequency and the length summed over the fields holding
    /// it; arrays sized for the most candidates there can be (every posting a different object).
    /// </summary>
    private sealed class Candidates(int terms, int capacity)
    {
        public long[] Seqs { get; } = new long[capacity];
        public float[][] Frequency { get; } = Enumerable.Range(0, terms).Select(_ => new float[capacity]).ToArray();
        public float[][] Length { get; } = Enumerable.Range(0, terms).Select(_ => new float[capacity]).ToArray();
        public long[] Holding { get; } = new long[terms];
        public int Count { get; set; }

        public float[] FrequenciesOf(int c) => Frequency.Select(f => f[c]).ToArray();

        public float[] LengthsOf(int c) => Length.Select(l => l[c]).ToArray();
    }

    private Candidates Collect(KeywordIndexRead read, int[][] at)
    {
        var lists = new KeywordPostings[_terms.Length][];
        var cursor = new int[_terms.Length][];
        var capacity = 0;
        for (var t = 0; t < _terms.Length; t++)
        {
            lists[t] = new KeywordPostings[_terms[t].Fields.Length];
            cursor[t] = new int[_terms[t].Fields.Length];
            for (var k = 0; k < lists[t].Length; k++)
            {
                lists[t][k] = read.Postings[_terms[t].Fields[k]][at[t][k]];
                capacity += lists[t][k].Count;
            }
        }
        var candidates = new Candidates(_terms.Length, capacity);
        var boosts = _terms.Select(term => term.Fields.Select(f => _fields[f].Boost).ToArray()).ToArray();
        var n = 0;
        while (true)
        {
            var next = long.MaxValue;
            for (var t = 0; t < lists.Length; t++)
                for (var k = 0; k < lists[t].Length; k++)
                    if (cursor[t][k] < lists[t][k].Count && lists[t][k].Seqs[cursor[t][k]] < next) next = lists[t][k].Seqs[cursor[t][k]];
            if (next == long.MaxValue) break;
            candidates.Seqs[n] = next;
            for (var t = 0; t < lists.Length; t++)
            {
                float frequency = 0, length = 0;
                var held = false;
                for (var k = 0; k < lists[t].Length; k++)
                {
                    var list = lists[t][k];
                    var i = cursor[t][k];
                    if (i >= list.Count || list.Seqs[i] != next) continue;
                    frequency += list.Frequencies[i] * boosts[t][k];
                    length += list.Lengths[i];
                    held = true;
                    cursor[t][k] = i + 1;
                }
                candidates.Frequency[t][n] = frequency;
                candidates.Length[t][n] = length;
                if (held) candidates.Holding[t]++;
            }
            n++;
        }
        candidates.Count = n;
        return candidates;
    }

    /// <summary>
    /// The best <paramref name="want"/> of the kept candidates that the store admits (live, of the class and tenant,
    /// matching the filter), best first, equal scores by id: slices of the best candidates asked about in turn.
    /// </summary>
    private async Task<List<(string Id, float Score, int Candidate)>> BestAdmittedAsync(IKeywordIndex index, string? tenant, FilterNode? filter,
        int want, long[] seqs, int[] kept, float[] scores, int keptCount, CancellationToken ct)
    {
        var admitted = new List<(string Id, float Score, int Candidate)>();
        var asked = float.PositiveInfinity; // every candidate scoring above this was asked about
        var slice = (long)want * FirstSliceFactor;
        while (true)
        {
            var all = slice >= keptCount;
            var threshold = all ? float.NegativeInfinity : KthLargest(scores, keptCount, (int)slice);
            var batch = new List<long>();
            var batchAt = new List<int>();
            for (var i = 0; i < keptCount; i++)
            {
                var s = scores[i];
                if (s >= threshold && !(s >= asked))
                {
                    batch.Add(seqs[kept[i]]);
                    batchAt.Add(i);
                }
            }
            if (batch.Count > 0)
            {
                var ids = await index.AdmitAsync(_class, tenant, filter, batch, ct).ConfigureAwait(false);
                for (var j = 0; j < batch.Count; j++)
                    if (ids.TryGetValue(batch[j], out var id)) admitted.Add((id, scores[batchAt[j]], kept[batchAt[j]]));
            }
            if (admitted.Count >= want || all) break;
            asked = threshold;
            slice *= SliceGrowth;
        }
        admitted.Sort(static (x, y) => y.Score.CompareTo(x.Score) is var c && c != 0 ? c : string.CompareOrdinal(x.Id, y.Id));
        if (admitted.Count > want) admitted.RemoveRange(want, admitted.Count - want);
        return admitted;
    }

    /// <summary>The k-th largest of the first <paramref name="count"/> scores (k from 1, at most count): a selection over a copy.</summary>
    private static float KthLargest(float[] scores, int count, int k)
    {
        var a = scores.AsSpan(0, count).ToArray();
        int lo = 0, hi = count - 1, target = k - 1;
        while (lo < hi)
        {
            var pivot = a[lo + (hi - lo) / 2];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (a[i] > pivot) i++;
                while (a[j] < pivot) j--;
                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
                    i++;
                    j--;
                }
            }
            if (target <= j) hi = j;
            else if (target >= i) lo = i;
            else return a[target];
        }
        return a[target];
    }
}
