using Barge.Core.Filters;

namespace Barge.Core.Storage;

/// <summary>
/// A store's keyword (BM25F) index: for each searchable property of a class (tenant), posting lists that carry each
/// object's term frequency and the property's length in that object, and the totals BM25F's statistics come from.
/// Core scores (Barge.Core.Query.Bm25F); the store only hands over what it keeps. A store without one is scanned.
/// Everything acknowledged before the call is in the answer (read-your-writes), and nothing of a deleted or replaced
/// object is.
/// </summary>
public interface IKeywordIndex
{
    /// <summary>
    /// The object count of the class (tenant), and per lookup its property's totals and its terms' postings. A store
    /// that can answer <paramref name="filter"/> from its index alone, in the same snapshot, says which seqs match it
    /// (<see cref="KeywordIndexRead.FilterMatches"/>), so that the search scores and admits only those.
    /// </summary>
    Task<KeywordIndexRead> ReadKeywordIndexAsync(string className, string? tenant, IReadOnlyList<KeywordLookup> lookups, FilterNode? filter, CancellationToken ct = default);

    /// <summary>
    /// The ids of those <paramref name="seqs"/> that are objects of the class (tenant) and match <paramref name="filter"/>
    /// (null: every object), by seq; seqs of objects gone since are left out.
    /// </summary>
    Task<IReadOnlyDictionary<long, string>> AdmitAsync(string className, string? tenant, FilterNode? filter, IReadOnlyList<long> seqs, CancellationToken ct = default);
}

/// <summary>One searchable property and the distinct terms to look up in it.</summary>
public sealed record KeywordLookup(string Property, IReadOnlyList<string> Terms);

/// <summary>
/// What <see cref="IKeywordIndex.ReadKeywordIndexAsync"/> found: <see cref="Objects"/> of the class (tenant);
/// per lookup, the objects holding a value of its property and the sum of those values' lengths in tokens, and per
/// term its postings.
/// </summary>
public sealed record KeywordIndexRead(long Objects, IReadOnlyList<KeywordTotals> Totals, IReadOnlyList<IReadOnlyList<KeywordPostings>> Postings)
{
    /// <summary>
    /// Whether a seq of the postings matches the filter asked with the read, when the store answered it from its index
    /// (an object's properties never change under its seq, so the answer holds for every seq read); null when the
    /// filter is to be checked on each candidate by <see cref="IKeywordIndex.AdmitAsync"/>.
    /// </summary>
    public Func<long, bool>? FilterMatches { get; init; }
}

/// <summary>A property's totals: objects with a value and their summed length.</summary>
public readonly record struct KeywordTotals(long Objects, long LengthSum);

/// <summary>
/// A term's postings in one property: ascending distinct seqs, each with the term's frequency in the object's value
/// and that value's length in tokens.
/// </summary>
public sealed class KeywordPostings(long[] seqs, int[] frequencies, int[] lengths, int count)
{
    public static readonly KeywordPostings Empty = new([], [], [], 0);

    public long[] Seqs { get; } = seqs;
    public int[] Frequencies { get; } = frequencies;
    public int[] Lengths { get; } = lengths;
    public int Count { get; } = count;
}
