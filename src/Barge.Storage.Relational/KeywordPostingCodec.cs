using System.Buffers;

namespace Barge.Storage.Relational;

/// <summary>An object in a keyword posting list: its seq, the term's frequency in the property's value, and the value's length in tokens.</summary>
public readonly record struct KeywordPosting(long Seq, int Frequency, int Length);

/// <summary>
/// The keyword index's posting lists as stored: a row per (part, field, term, first seq), its postings a blob of
/// unsigned LEB128 varints, three per object (offset within the part minus the previous one's, frequency, length).
/// Offsets are under 8,192 and most gaps, frequencies and lengths under 128, so an object costs about three bytes.
/// </summary>
public static class KeywordPostingCodec
{
    /// <summary>Encodes ascending postings that all lie in one part.</summary>
    public static void Write(ArrayBufferWriter<byte> into, IReadOnlyList<KeywordPosting> postings)
    {
        into.ResetWrittenCount();
        var span = into.GetSpan(postings.Count * 15);
        var n = 0;
        long previous = 0;
        for (var i = 0; i < postings.Count; i++)
        {
            var offset = PostingLists.Offset(postings[i].Seq);
            n += WriteVarint(span[n..], (ulong)(offset - previous));
            n += WriteVarint(span[n..], (ulong)postings[i].Frequency);
            n += WriteVarint(span[n..], (ulong)postings[i].Length);
            previous = offset;
        }
        into.Advance(n);
    }

    /// <summary>Appends the postings of a blob of part <paramref name="part"/> (as written by <see cref="Write"/>).</summary>
    public static void Read(ReadOnlySpan<byte> blob, long part, List<KeywordPosting> into)
    {
        var at = 0;
        long offset = 0;
        var basis = part << PostingLists.SeqShift;
        while (at < blob.Length)
        {
            offset += (long)ReadVarint(blob, ref at);
            var frequency = (int)ReadVarint(blob, ref at);
            var length = (int)ReadVarint(blob, ref at);
            into.Add(new KeywordPosting(basis + offset, frequency, length));
        }
    }

    /// <summary>
    /// Appends the postings of a blob of part <paramref name="part"/> to <paramref name="into"/>, leaving out
    /// <paramref name="dead"/> seqs: the query side's form of <see cref="Read"/>, straight into arrays.
    /// </summary>
    public static void ReadLive(ReadOnlySpan<byte> blob, long part, IReadOnlySet<long> dead, KeywordPostingArrays into)
    {
        var at = 0;
        long offset = 0;
        var basis = part << PostingLists.SeqShift;
        var checkDead = dead.Count > 0;
        while (at < blob.Length)
        {
            offset += (long)ReadVarint(blob, ref at);
            var frequency = (int)ReadVarint(blob, ref at);
            var length = (int)ReadVarint(blob, ref at);
            if (checkDead && dead.Contains(basis + offset)) continue;
            into.Add(basis + offset, frequency, length);
        }
    }

    /// <summary>Sorts postings by seq and drops repeats of a seq (the same object read twice: from memory and from disk).</summary>
    public static void SortDistinct(List<KeywordPosting> postings)
    {
        var ascending = true;
        for (var i = 1; i < postings.Count && ascending; i++) ascending = postings[i].Seq > postings[i - 1].Seq;
        if (ascending) return;
        postings.Sort(static (a, b) => a.Seq.CompareTo(b.Seq));
        var kept = 0;
        for (var i = 0; i < postings.Count; i++)
            if (kept == 0 || postings[i].Seq != postings[kept - 1].Seq) postings[kept++] = postings[i];
        postings.RemoveRange(kept, postings.Count - kept);
    }

    private static int WriteVarint(Span<byte> into, ulong value)
    {
        var n = 0;
        while (value >= 0x80)
        {
            into[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        into[n++] = (byte)value;
        return n;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> from, ref int at)
    {
        ulong value = 0;
        var shift = 0;
        while (true)
        {
            var b = from[at++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return value;
            shift += 7;
        }
    }
}

/// <summary>A posting list being read: parallel growable arrays of seqs, frequencies and lengths.</summary>
public sealed class KeywordPostingArrays
{
    public long[] Seqs { get; private set; } = new long[256];
    public int[] Frequencies { get; private set; } = new int[256];
    public int[] Lengths { get; private set; } = new int[256];
    public int Count { get; private set; }

    public void Add(long seq, int frequency, int length)
    {
        if (Count == Seqs.Length)
        {
            var size = Seqs.Length * 2;
            Seqs = Grow(Seqs, size);
            Frequencies = Grow(Frequencies, size);
            Lengths = Grow(Lengths, size);
        }
        Seqs[Count] = seq;
        Frequencies[Count] = frequency;
        Lengths[Count++] = length;
    }

    /// <summary>Sorts by seq and drops repeats (the same object read from memory and from disk), when they are out of order.</summary>
    public void SortDistinct()
    {
        var ascending = true;
        for (var i = 1; i < Count && ascending; i++) ascending = Seqs[i] > Seqs[i - 1];
        if (ascending) return;
        var order = Enumerable.Range(0, Count).OrderBy(i => Seqs[i]).ToArray();
        var (seqs, frequencies, lengths) = (new long[Count], new int[Count], new int[Count]);
        var n = 0;
        foreach (var i in order)
        {
            if (n > 0 && seqs[n - 1] == Seqs[i]) continue;
            (seqs[n], frequencies[n], lengths[n]) = (Seqs[i], Frequencies[i], Lengths[i]);
            n++;
        }
        (Seqs, Frequencies, Lengths, Count) = (seqs, frequencies, lengths, n);
    }

    private static T[] Grow<T>(T[] array, int size)
    {
        var grown = new T[size];
        Array.Copy(array, grown, array.Length);
        return grown;
    }
}
