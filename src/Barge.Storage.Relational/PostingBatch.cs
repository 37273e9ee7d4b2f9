using System.Runtime.InteropServices;

namespace Barge.Storage.Relational;

/// <summary>
/// The posting lists of one group of commands: for each distinct (part, field, value) the seqs that carry it, in
/// ascending order without repeats. A commit writes one row per list instead of one row per (field, value, object):
/// a batch of articles repeats a small vocabulary many times, so the rows written follow the distinct keys.
/// The lists are kept between flushes (cleared, not dropped) so that a busy writer does not allocate them anew.
/// </summary>
public sealed class PostingBatch
{
    private readonly Dictionary<PostingKey, List<long>> _lists = new(PostingKeyComparer.Instance);
    private readonly Stack<List<long>> _spare = new();
    private readonly List<KeyValuePair<PostingKey, List<long>>> _sorted = [];

    public int Count => _lists.Count;

    public void Add(long field, object value, long seq)
    {
        ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(_lists, new PostingKey(PostingLists.Part(seq), field, value), out var exists);
        if (!exists) list = _spare.Count > 0 ? _spare.Pop() : [];
        // Objects are added in seq order; an object can repeat a value (a word twice in a text).
        if (list!.Count == 0 || list[^1] != seq) list.Add(seq);
    }

    /// <summary>Adds ascending seqs of one part to a key's list (a flushed segment's list, one call per key).</summary>
    public void AddAll(long field, object value, AppendOnlyList<long> seqs)
    {
        ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(_lists, new PostingKey(PostingLists.Part(seqs.First), field, value), out var exists);
        if (!exists) list = _spare.Count > 0 ? _spare.Pop() : [];
        seqs.CopyTo(list!);
    }

    /// <summary>Adds ascending seqs of one part to a key's list (a flushed segment's list, one call per key).</summary>
    public void AddAll(long field, object value, List<long> seqs)
    {
        ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(_lists, new PostingKey(PostingLists.Part(seqs[0]), field, value), out var exists);
        if (!exists) list = _spare.Count > 0 ? _spare.Pop() : [];
        list!.AddRange(seqs);
    }

    /// <summary>
    /// The lists in key order (part, field, value), close to the database's own order, so that the rows land on
    /// neighbouring pages; each list ascending. Valid until <see cref="Clear"/>.
    /// </summary>
    public IReadOnlyList<KeyValuePair<PostingKey, List<long>>> Sorted()
    {
        _sorted.Clear();
        foreach (var pair in _lists)
        {
            if (!IsAscending(pair.Value)) PostingLists.SortDistinct(pair.Value);
            _sorted.Add(pair);
        }
        _sorted.Sort((a, b) => PostingKeyComparer.Instance.Compare(a.Key, b.Key));
        return _sorted;
    }

    public void Clear()
    {
        foreach (var list in _lists.Values)
        {
            list.Clear();
            _spare.Push(list);
        }
        _lists.Clear();
        _sorted.Clear();
    }

    private static bool IsAscending(List<long> seqs)
    {
        for (var i = 1; i < seqs.Count; i++)
            if (seqs[i] <= seqs[i - 1]) return false;
        return true;
    }
}
