using Barge.Core.Indexing;

namespace Barge.Storage.Relational;

/// <summary>A keyword posting list's key: a field (a class's searchable property in a tenant), a term, and a part.</summary>
public readonly record struct KeywordListKey(long Field, string Term, long Part);

/// <summary>
/// The keyword postings of a group of objects, a list per (field, term, part) as the posting rows store them
/// (<see cref="KeywordPostingCodec"/>): objects are added in seq order, so each list is ascending.
/// </summary>
public sealed class KeywordPostingBatch
{
    private readonly Dictionary<KeywordListKey, List<KeywordPosting>> _lists = [];

    public int Count => _lists.Count;

    /// <summary>An object's searchable property: a posting for each of its terms.</summary>
    public void Add(long field, long seq, KeywordField value)
    {
        var part = PostingLists.Part(seq);
        foreach (var (term, frequency) in value.Terms)
        {
            var key = new KeywordListKey(field, term, part);
            if (!_lists.TryGetValue(key, out var list)) _lists[key] = list = [];
            list.Add(new KeywordPosting(seq, frequency, value.Length));
        }
    }

    /// <summary>A posting of a key's list (a merge of stored rows).</summary>
    public void Add(KeywordListKey key, KeywordPosting posting)
    {
        if (!_lists.TryGetValue(key, out var list)) _lists[key] = list = [];
        list.Add(posting);
    }

    /// <summary>The lists in key order (field, term, part: the posting table's own order), each ascending by seq.</summary>
    public List<KeyValuePair<KeywordListKey, List<KeywordPosting>>> Sorted()
    {
        var sorted = _lists.ToList();
        foreach (var (_, list) in sorted) KeywordPostingCodec.SortDistinct(list);
        sorted.Sort(static (a, b) =>
        {
            var c = a.Key.Field.CompareTo(b.Key.Field);
            if (c == 0) c = string.CompareOrdinal(a.Key.Term, b.Key.Term);
            return c != 0 ? c : a.Key.Part.CompareTo(b.Key.Part);
        });
        return sorted;
    }

    public void Clear() => _lists.Clear();
}
