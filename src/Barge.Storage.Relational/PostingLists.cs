using System.Buffers;
using System.Buffers.Text;

namespace Barge.Storage.Relational;

/// <summary>
/// The inverted index as posting lists: a row per (part, field, value, first seq) holding the seqs of one commit (or
/// of a merge) that carry the value. A part is a run of 8,192 consecutive seqs, so a list stores each seq as its
/// offset within the part, and a commit only ever appends rows to the newest parts. Seqs are never reused and every
/// query joins its seqs to live objects, so a list may hold seqs of deleted or replaced objects until the garbage
/// collector rewrites it (<see cref="Without"/>).
/// </summary>
public static class PostingLists
{
    /// <summary>log2 of the seqs per part.</summary>
    public const int SeqShift = 13;

    public static long Part(long seq) => seq >> SeqShift;

    public static long Offset(long seq) => seq & ((1L << SeqShift) - 1);

    /// <summary>
    /// The seqs as a JSON array of offsets within their part (<c>[0,17,4095]</c>), UTF-8, for a database that expands
    /// it with its JSON functions. All seqs must lie in one part.
    /// </summary>
    public static void WriteJsonOffsets(ArrayBufferWriter<byte> into, List<long> seqs)
    {
        into.ResetWrittenCount();
        var span = into.GetSpan(2 + seqs.Count * 5);
        var n = 0;
        span[n++] = (byte)'[';
        for (var i = 0; i < seqs.Count; i++)
        {
            if (i > 0) span[n++] = (byte)',';
            Utf8Formatter.TryFormat((int)Offset(seqs[i]), span[n..], out var written);
            n += written;
        }
        span[n++] = (byte)']';
        into.Advance(n);
    }

    /// <summary>Appends the seqs of a JSON offset array of part <paramref name="part"/> (as written by <see cref="WriteJsonOffsets"/>).</summary>
    public static void ReadJsonOffsets(ReadOnlySpan<char> json, long part, List<long> into)
    {
        var target = new ListTarget(into);
        ReadJsonOffsets(json, part, ref target);
    }

    /// <summary>
    /// Hands each seq of one or more JSON offset arrays of part <paramref name="part"/>, concatenated in any way (every
    /// run of digits is one offset), to <paramref name="into"/>.
    /// </summary>
    public static void ReadJsonOffsets<TTarget>(ReadOnlySpan<char> json, long part, ref TTarget into) where TTarget : ISeqTarget
    {
        var first = part << SeqShift;
        long value = 0;
        var inNumber = false;
        foreach (var c in json)
        {
            if (c is >= '0' and <= '9')
            {
                value = value * 10 + (c - '0');
                inNumber = true;
            }
            else if (inNumber)
            {
                into.Add(first + value);
                value = 0;
                inNumber = false;
            }
        }
        if (inNumber) into.Add(first + value);
    }

    /// <summary>Where <see cref="ReadJsonOffsets{TTarget}"/> puts the seqs it reads.</summary>
    public interface ISeqTarget
    {
        void Add(long seq);
    }

    private readonly struct ListTarget(List<long> list) : ISeqTarget
    {
        public void Add(long seq) => list.Add(seq);
    }

    /// <summary>
    /// Rewrites <paramref name="seqs"/> (the seqs of every row of one key, in any order) to the ascending, distinct
    /// seqs that are not in <paramref name="dead"/>: what one merged row of that key holds after a collection.
    /// </summary>
    public static void Without(List<long> seqs, IReadOnlySet<long> dead)
    {
        seqs.RemoveAll(dead.Contains);
        SortDistinct(seqs);
    }

    public static void SortDistinct(List<long> seqs)
    {
        seqs.Sort();
        var kept = 0;
        for (var i = 0; i < seqs.Count; i++)
            if (kept == 0 || seqs[i] != seqs[kept - 1]) seqs[kept++] = seqs[i];
        seqs.RemoveRange(kept, seqs.Count - kept);
    }
}
