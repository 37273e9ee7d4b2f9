using Barge.Core.Indexing;

namespace Barge.Storage.Relational;

/// <summary>
/// The inverted index's newest entries, kept in memory instead of written with each commit: for every index part
/// above the flushed high-water mark, the posting lists of its committed objects, keyed (class, key) then value.
/// The writer stages a commit's entries while its transaction runs and publishes them once it has committed (before
/// the commit's callers are answered, so every filter issued after an answer sees them); filters read the on-disk
/// rows plus these lists (read-your-writes). When the writer has moved past a part, the part is written as one row
/// per key in one transaction that also records the new high-water mark, and retired from memory once that commits.
/// A crash loses only the lists, which the next start rebuilds from the objects above the mark (the objects table is
/// the log). Seqs are never reused (AUTOINCREMENT), and a query joins its seqs to live objects, so the lists may keep
/// seqs of deleted or replaced objects, as the on-disk rows do until the garbage collector rewrites them.
/// </summary>
/// <remarks>
/// One writer thread stages, publishes, flushes and retires; any number of query threads read. Every change that
/// queries can see and every read happen under one lock; readers copy what they need and leave.
/// </remarks>
public sealed class IndexSegment
{
    private readonly object _gate = new();
    private readonly SortedDictionary<long, Part> _parts = [];
    private readonly List<(string Class, long Seq, IReadOnlyList<IndexEntry> Entries, string Tenant, IReadOnlyList<KeywordField> Keywords)> _staged = [];
    private readonly List<string> _stagedClassDrops = [];
    private long? _stagedRetireThrough;
    private int _stagedWritten;
    private bool _publishedWritten;

    /// <summary>The newest published seq (0 when none): the writer's view, read on its own thread.</summary>
    public long NewestSeq { get; private set; }

    /// <summary>
    /// Queues an object's entries, and its keyword fields (postings keyed per tenant), for <see cref="Publish"/>
    /// (writer only; invisible to queries until then).
    /// </summary>
    public void Stage(string cls, long seq, IReadOnlyList<IndexEntry> entries, string? tenant = null, IReadOnlyList<KeywordField>? keywords = null)
    {
        if (entries.Count > 0 || keywords is { Count: > 0 }) _staged.Add((cls, seq, entries, tenant ?? "", keywords ?? []));
    }

    /// <summary>Queues the removal of a deleted class's lists (its objects, and so its seqs, are gone with it).</summary>
    public void StageClassDrop(string cls) => _stagedClassDrops.Add(cls);

    /// <summary>Queues the retirement of every part up to <paramref name="part"/>, written to disk by this transaction.</summary>
    public void StageRetire(long part) => _stagedRetireThrough = part;

    /// <summary>
    /// Every list not yet written in this transaction, published and staged, split by part (for a writer that writes
    /// them all now), and marks all of it retired at commit: nothing stays in memory.
    /// </summary>
    public IReadOnlyList<(string Class, string Key, object Value, List<long> Seqs)> StageWriteAll(
        out IReadOnlyList<(string Class, string Key, string Term, List<KeywordPosting> Postings)> keywordLists)
    {
        var all = new Part();
        var lists = new List<(string, string, object, List<long>)>();
        var unwritten = new List<Part>();
        if (!_publishedWritten)
        {
            lock (_gate) unwritten.AddRange(_parts.Values);
            _publishedWritten = true;
        }
        unwritten.Add(Staged(_stagedWritten));
        _stagedWritten = _staged.Count;
        foreach (var part in unwritten)
            foreach (var ((cls, key), values) in part.Fields)
                foreach (var (value, seqs) in values)
                    foreach (var chunk in seqs.Chunks())
                        foreach (var seq in chunk.Span) all.Add(cls, key, value, seq);
        foreach (var ((cls, key), values) in all.Fields)
            foreach (var (value, seqs) in values)
                foreach (var run in seqs.GroupBy(PostingLists.Part))
                    lists.Add((cls, key, value, run.ToList()));
        var keywords = new List<(string, string, string, List<KeywordPosting>)>();
        foreach (var part in unwritten)
            foreach (var ((cls, key), terms) in part.Keywords)
                foreach (var (term, postings) in terms)
                    foreach (var run in postings.GroupBy(p => PostingLists.Part(p.Seq)))
                        keywords.Add((cls, key, term, run.OrderBy(p => p.Seq).ToList()));
        keywordLists = keywords;
        _stagedRetireThrough = long.MaxValue;
        return lists;
    }

    private Part Staged(int from)
    {
        var staged = new Part();
        foreach (var (cls, seq, entries, tenant, keywords) in _staged.Skip(from))
        {
            foreach (var entry in entries) staged.Add(cls, entry.Property, entry.Value, seq);
            staged.AddKeywords(cls, tenant, seq, keywords);
        }
        return staged;
    }

    /// <summary>The newest seq staged or published (0 when none).</summary>
    public long NewestStagedSeq => _staged.Count > 0 ? Math.Max(NewestSeq, _staged[^1].Seq) : NewestSeq;

    /// <summary>Forgets what was staged (the transaction rolled back).</summary>
    public void DropStaged()
    {
        _staged.Clear();
        _stagedClassDrops.Clear();
        _stagedRetireThrough = null;
        _stagedWritten = 0;
        _publishedWritten = false;
    }

    /// <summary>Makes the staged changes visible to queries (the transaction committed). Must not throw.</summary>
    public void Publish()
    {
        if (_staged.Count == 0 && _stagedClassDrops.Count == 0 && _stagedRetireThrough is null) return;
        lock (_gate)
        {
            if (_stagedRetireThrough is { } through)
                foreach (var part in _parts.Keys.Where(p => p <= through).ToList()) _parts.Remove(part);
            foreach (var cls in _stagedClassDrops)
                foreach (var part in _parts.Values) part.DropClass(cls);
            // Entries written to disk by this transaction are not kept (WriteIndexAtEveryCommit), only their seqs' count.
            for (var i = 0; i < _staged.Count; i++)
            {
                var (cls, seq, entries, tenant, keywords) = _staged[i];
                if (i >= _stagedWritten) Add(cls, seq, entries, tenant, keywords);
                else if (seq > NewestSeq) NewestSeq = seq;
            }
        }
        DropStaged();
    }

    private void Add(string cls, long seq, IReadOnlyList<IndexEntry> entries, string tenant, IReadOnlyList<KeywordField> keywords)
    {
        var partNumber = PostingLists.Part(seq);
        if (!_parts.TryGetValue(partNumber, out var part)) _parts[partNumber] = part = new Part();
        part.AddKeywords(cls, tenant, seq, keywords);
        // A property's entries come one after the other and share its name's string: its lists are looked up once
        // per run of entries.
        string? key = null;
        Dictionary<object, AppendOnlyList<long>>? values = null;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (!ReferenceEquals(entry.Property, key))
            {
                key = entry.Property;
                values = part.ValuesOf(cls, key);
            }
            if (!values!.TryGetValue(entry.Value, out var seqs)) values[entry.Value] = seqs = [];
            // Objects are added in seq order; an object can repeat a value (a word twice in a text).
            if (seqs.Count == 0 || seqs.Last != seq) seqs.Add(seq);
        }
        if (seq > NewestSeq) NewestSeq = seq;
    }

    /// <summary>
    /// The parts the writer has moved past (every part below the newest published seq's part) and not yet written by
    /// this transaction, oldest first: no later commit can add to them, so the writer may read them without the lock.
    /// </summary>
    public IReadOnlyList<long> CompleteParts()
    {
        var newest = PostingLists.Part(NewestSeq);
        // Parts written earlier in this transaction are retired at its commit, not written twice.
        var written = _stagedRetireThrough ?? long.MinValue;
        lock (_gate) return _parts.Keys.Where(p => p < newest && p > written).ToList();
    }

    /// <summary>A complete part's lists, for the writer to flush: ((class, key), value, ascending seqs).</summary>
    public IEnumerable<(string Class, string Key, object Value, AppendOnlyList<long> Seqs)> ListsOf(long part) => Flatten(part, p => p.Fields);

    /// <summary>A complete part's keyword lists, for the writer to flush: ((class, key), term, ascending postings).</summary>
    public IEnumerable<(string Class, string Key, string Term, AppendOnlyList<KeywordPosting> Postings)> KeywordListsOf(long part) =>
        Flatten(part, p => p.Keywords);

    private IEnumerable<(string, string, TValue, TList)> Flatten<TValue, TList>(long part,
        Func<Part, Dictionary<(string Class, string Key), Dictionary<TValue, TList>>> lists) where TValue : notnull
    {
        Part? p;
        lock (_gate) _parts.TryGetValue(part, out p);
        if (p is null) yield break;
        foreach (var ((cls, key), values) in lists(p))
            foreach (var (value, list) in values)
                yield return (cls, key, value, list);
    }

    /// <summary>Adds to <paramref name="into"/> the postings of <paramref name="term"/> under (class, keyword key), copied.</summary>
    public void CollectKeyword(string cls, string key, string term, List<KeywordPosting> into)
    {
        lock (_gate)
        {
            foreach (var part in _parts.Values)
                if (part.Keywords.TryGetValue((cls, key), out var terms) && terms.TryGetValue(term, out var postings)) postings.CopyTo(into);
        }
    }

    /// <summary>Adds to <paramref name="into"/> the seqs whose (class, key) carries one of <paramref name="values"/>.</summary>
    public void CollectEqual(string cls, string key, IReadOnlyList<object> values, List<long> into)
    {
        lock (_gate)
        {
            foreach (var part in _parts.Values)
            {
                if (!part.Fields.TryGetValue((cls, key), out var lists)) continue;
                foreach (var value in values)
                    if (lists.TryGetValue(value, out var seqs)) seqs.CopyTo(into);
            }
        }
    }

    /// <summary>Every value of (class, key) with its seqs, copied: for conditions the database evaluates (ranges, Like, reference targets).</summary>
    public List<(object Value, long[] Seqs)> ValuesOf(string cls, string key)
    {
        var found = new List<(object, long[])>();
        lock (_gate)
        {
            foreach (var part in _parts.Values)
            {
                if (!part.Fields.TryGetValue((cls, key), out var lists)) continue;
                foreach (var (value, seqs) in lists) found.Add((value, seqs.ToArray()));
            }
        }
        return found;
    }

    /// <summary>The posting lists of one part: (class, key) to value to ascending seqs.</summary>
    private sealed class Part
    {
        public Dictionary<(string Class, string Key), Dictionary<object, AppendOnlyList<long>>> Fields { get; } = [];

        /// <summary>Keyword postings: (class, keyword key of property and tenant) to term to postings in seq order.</summary>
        public Dictionary<(string Class, string Key), Dictionary<string, AppendOnlyList<KeywordPosting>>> Keywords { get; } = [];

        public void AddKeywords(string cls, string tenant, long seq, IReadOnlyList<KeywordField> fields)
        {
            for (var f = 0; f < fields.Count; f++)
            {
                var field = fields[f];
                var key = IndexKeys.Keyword(field.Property, tenant);
                if (!Keywords.TryGetValue((cls, key), out var terms)) Keywords[(cls, key)] = terms = new Dictionary<string, AppendOnlyList<KeywordPosting>>(StringComparer.Ordinal);
                foreach (var (term, frequency) in field.Terms)
                {
                    if (!terms.TryGetValue(term, out var postings)) terms[term] = postings = [];
                    postings.Add(new KeywordPosting(seq, frequency, field.Length));
                }
            }
        }

        public Dictionary<object, AppendOnlyList<long>> ValuesOf(string cls, string key)
        {
            if (!Fields.TryGetValue((cls, key), out var values)) Fields[(cls, key)] = values = new Dictionary<object, AppendOnlyList<long>>(IndexValueComparer.Instance);
            return values;
        }

        public void Add(string cls, string key, object value, long seq)
        {
            var values = ValuesOf(cls, key);
            if (!values.TryGetValue(value, out var seqs)) values[value] = seqs = [];
            if (!seqs.Contains(seq)) seqs.Add(seq);
        }

        public void DropClass(string cls)
        {
            foreach (var field in Fields.Keys.Where(f => f.Class == cls).ToList()) Fields.Remove(field);
            foreach (var field in Keywords.Keys.Where(f => f.Class == cls).ToList()) Keywords.Remove(field);
        }
    }
}
