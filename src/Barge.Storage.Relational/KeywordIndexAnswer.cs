using Barge.Core.Storage;

namespace Barge.Storage.Relational;

/// <summary>
/// An <see cref="IKeywordIndex"/> answer being assembled from what a store read in one snapshot: posting rows (blobs
/// of <see cref="KeywordPostingCodec"/>) and postings kept in memory, per lookup and term, without the dead seqs the
/// garbage table still names; and the totals per property ("" the class's object count). Repeats of a seq (the same
/// object read from memory and from disk) count once.
/// </summary>
public sealed class KeywordIndexAnswer
{
    private readonly IReadOnlyList<KeywordLookup> _lookups;
    private readonly IReadOnlySet<long> _dead;
    private readonly KeywordPostingArrays[][] _lists;

    public KeywordIndexAnswer(IReadOnlyList<KeywordLookup> lookups, IReadOnlySet<long> dead)
    {
        _lookups = lookups;
        _dead = dead;
        _lists = new KeywordPostingArrays[lookups.Count][];
        for (var l = 0; l < lookups.Count; l++)
        {
            _lists[l] = new KeywordPostingArrays[lookups[l].Terms.Count];
            for (var t = 0; t < _lists[l].Length; t++) _lists[l][t] = new KeywordPostingArrays();
        }
    }

    /// <summary>A posting row of part <paramref name="part"/> of the term <paramref name="term"/> of lookup <paramref name="lookup"/>.</summary>
    public void AddRow(int lookup, int term, long part, ReadOnlySpan<byte> blob) =>
        KeywordPostingCodec.ReadLive(blob, part, _dead, _lists[lookup][term]);

    /// <summary>Postings of the term held in memory.</summary>
    public void AddPostings(int lookup, int term, IEnumerable<KeywordPosting> postings)
    {
        var list = _lists[lookup][term];
        foreach (var p in postings)
            if (!_dead.Contains(p.Seq)) list.Add(p.Seq, p.Frequency, p.Length);
    }

    public KeywordIndexRead Build(IReadOnlyDictionary<string, KeywordTotals> totals)
    {
        var postings = new List<IReadOnlyList<KeywordPostings>>(_lookups.Count);
        foreach (var terms in _lists)
        {
            var found = new KeywordPostings[terms.Length];
            for (var t = 0; t < terms.Length; t++)
            {
                var list = terms[t];
                list.SortDistinct();
                found[t] = new KeywordPostings(list.Seqs, list.Frequencies, list.Lengths, list.Count);
            }
            postings.Add(found);
        }
        return new KeywordIndexRead(totals.GetValueOrDefault("").Objects,
            _lookups.Select(l => totals.GetValueOrDefault(l.Property)).ToList(), postings);
    }
}
