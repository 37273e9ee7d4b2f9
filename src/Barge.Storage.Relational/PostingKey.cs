namespace Barge.Storage.Relational;

/// <summary>
/// The key of a posting list: the index part its seqs fall in (<see cref="PostingLists.Part"/>), the field id and the
/// value (a long, a double or a string, see Barge.Core.Indexing.IndexEntry).
/// </summary>
public readonly record struct PostingKey(long Part, long Field, object Value);

/// <summary>
/// Equality and order of <see cref="PostingKey"/> as the databases compare their value columns: numbers by value
/// whatever their type (an integer 1 and a real 1.0 are one key, as they are one key in an index), numbers before text,
/// text by ordinal. Two lists the database would see as one key must be one list, or they would collide on its key.
/// </summary>
public sealed class PostingKeyComparer : IEqualityComparer<PostingKey>, IComparer<PostingKey>
{
    public static readonly PostingKeyComparer Instance = new();

    public bool Equals(PostingKey a, PostingKey b) =>
        a.Part == b.Part && a.Field == b.Field && (ReferenceEquals(a.Value, b.Value) || (a.Value, b.Value) switch
        {
            // The common cases first, without the ordering: the same word (often the same pooled string), the same long.
            (string x, string y) => string.Equals(x, y),
            (string, _) or (_, string) => false,
            (long x, long y) => x == y,
            _ => CompareValues(a.Value, b.Value) == 0,
        });

    public int GetHashCode(PostingKey k) => HashCode.Combine(k.Part, k.Field, k.Value switch
    {
        string s => s.GetHashCode(StringComparison.Ordinal),
        var number => AsDouble(number).GetHashCode(),
    });

    public int Compare(PostingKey a, PostingKey b)
    {
        var c = a.Part.CompareTo(b.Part);
        if (c == 0) c = a.Field.CompareTo(b.Field);
        return c != 0 ? c : CompareValues(a.Value, b.Value);
    }

    private static int CompareValues(object a, object b) => (a, b) switch
    {
        (string x, string y) => string.CompareOrdinal(x, y),
        (string, _) => 1,
        (_, string) => -1,
        (long x, long y) => x.CompareTo(y),
        _ => AsDouble(a).CompareTo(AsDouble(b)),
    };

    private static double AsDouble(object number) => number switch
    {
        long l => l,
        double d => d,
        int i => i,
        _ => throw new ArgumentException($"not an index value: {number.GetType().Name}", nameof(number)),
    };
}

/// <summary>Equality of index values as <see cref="PostingKeyComparer"/> (and the databases) see it: numbers by value whatever their type.</summary>
public sealed class IndexValueComparer : IEqualityComparer<object>
{
    public static readonly IndexValueComparer Instance = new();

    public new bool Equals(object? a, object? b) =>
        a is not null && b is not null && PostingKeyComparer.Instance.Equals(new PostingKey(0, 0, a), new PostingKey(0, 0, b));

    public int GetHashCode(object value) => PostingKeyComparer.Instance.GetHashCode(new PostingKey(0, 0, value));
}
