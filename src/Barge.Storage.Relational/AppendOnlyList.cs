namespace Barge.Storage.Relational;

/// <summary>
/// A list that only grows at its end, kept in chunks that are never copied: the in-memory segment's posting lists.
/// A <see cref="List{T}"/> doubles by copying into a new array, so a common word's list, appended to by most objects
/// of a part, was copied about a dozen times on its way to a part's length, and its last arrays were large enough for
/// the large-object heap, whose allocations start full (generation 2) collections of a heap that holds the whole
/// segment. Here a list starts small (most values are held by one or a few objects) and each new chunk is twice the
/// last, up to a size that stays well below the large-object threshold.
/// </summary>
public sealed class AppendOnlyList<T> : IEnumerable<T>
{
    private const int FirstChunk = 4;
    private const int LargestChunk = 1024;

    private T[] _first = new T[FirstChunk];
    // Full chunks after the first, then the chunk being filled (null while the first is being filled).
    private List<T[]>? _more;
    private T[]? _current;
    private int _inCurrent;

    public int Count { get; private set; }

    /// <summary>The first item added; only when <see cref="Count"/> is above 0.</summary>
    public T First => _first[0];

    /// <summary>The last item added; only when <see cref="Count"/> is above 0.</summary>
    public T Last => _current is null ? _first[Count - 1] : _current[_inCurrent - 1];

    public void Add(T item)
    {
        if (_current is null)
        {
            if (Count < _first.Length)
            {
                _first[Count++] = item;
                return;
            }
            _more = [];
            _current = new T[FirstChunk * 2];
            _inCurrent = 0;
        }
        else if (_inCurrent == _current.Length)
        {
            _more!.Add(_current);
            _current = new T[Math.Min(_current.Length * 2, LargestChunk)];
            _inCurrent = 0;
        }
        _current[_inCurrent++] = item;
        Count++;
    }

    public bool Contains(T item)
    {
        var equality = EqualityComparer<T>.Default;
        foreach (var chunk in Chunks())
            foreach (var x in chunk.Span)
                if (equality.Equals(x, item)) return true;
        return false;
    }

    /// <summary>Appends every item to <paramref name="into"/>, in order.</summary>
    public void CopyTo(List<T> into)
    {
        into.EnsureCapacity(into.Count + Count);
        foreach (var chunk in Chunks()) into.AddRange(chunk.Span);
    }

    public T[] ToArray()
    {
        var array = new T[Count];
        var at = 0;
        foreach (var chunk in Chunks())
        {
            chunk.Span.CopyTo(array.AsSpan(at));
            at += chunk.Length;
        }
        return array;
    }

    /// <summary>The filled part of every chunk, in order.</summary>
    public ChunkEnumerator Chunks() => new(this);

    public IEnumerator<T> GetEnumerator()
    {
        foreach (var chunk in Chunks())
            for (var i = 0; i < chunk.Length; i++) yield return chunk.Span[i];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Walks the chunks as memory: the first, the full ones, then the filled part of the current one.</summary>
    public struct ChunkEnumerator(AppendOnlyList<T> list)
    {
        private int _index = -1;

        public readonly ChunkEnumerator GetEnumerator() => this;

        public ReadOnlyMemory<T> Current { get; private set; }

        public bool MoveNext()
        {
            _index++;
            if (_index == 0)
            {
                Current = list._first.AsMemory(0, list._current is null ? list.Count : list._first.Length);
                return true;
            }
            if (list._current is null) return false;
            var full = list._more!.Count;
            if (_index <= full)
            {
                Current = list._more[_index - 1];
                return true;
            }
            if (_index == full + 1)
            {
                Current = list._current.AsMemory(0, list._inCurrent);
                return true;
            }
            return false;
        }
    }
}
