using System.Collections.Concurrent;

namespace Barge.Core.Indexing;

/// <summary>
/// One string per common index term, shared by every object that holds it. A batch of texts repeats a small
/// vocabulary many times; handing out the same instance spares a string per occurrence (garbage the collector would
/// otherwise sweep on the write path) and lets the posting lists compare terms by reference first. Bounded: past
/// <see cref="Capacity"/> terms, new ones are made as plain strings. Terms with digits (numbers, ids) are rarely
/// repeated and are never pooled, so that they do not crowd out the words.
/// </summary>
public static class TermPool
{
    public const int Capacity = 100_000;
    private const int LongestPooled = 32;

    private static readonly ConcurrentDictionary<string, string> Terms = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> BySpan =
        Terms.GetAlternateLookup<ReadOnlySpan<char>>();
    private static int _count;

    public static string Get(ReadOnlySpan<char> term)
    {
        if (BySpan.TryGetValue(term, out var pooled)) return pooled;
        var made = term.ToString();
        if (term.Length > LongestPooled || Volatile.Read(ref _count) >= Capacity || term.ContainsAnyInRange('0', '9')) return made;
        if (Terms.TryAdd(made, made)) Interlocked.Increment(ref _count);
        return made;
    }
}
