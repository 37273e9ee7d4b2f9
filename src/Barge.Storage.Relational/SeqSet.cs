using System.Numerics;

namespace Barge.Storage.Relational;

/// <summary>
/// A set of seqs as a bitmap, one bit per seq from 0 to the highest added: what an index-only filter's posting lists
/// are read into and combined with (<see cref="IndexOnlyPlan"/>). Seqs are dense (one per write, never reused),
/// so the bitmap is about one bit per object ever written, and And, Or and counting are word operations.
/// </summary>
public sealed class SeqSet : PostingLists.ISeqTarget
{
    private ulong[] _words = [];

    public void Add(long seq)
    {
        var word = (int)(seq >> 6);
        if (word >= _words.Length) Array.Resize(ref _words, Math.Max(word + 1, _words.Length * 2));
        _words[word] |= 1UL << (int)(seq & 63);
    }

    public void AddRange(IEnumerable<long> seqs)
    {
        foreach (var seq in seqs) Add(seq);
    }

    /// <summary>
    /// Adds the seqs of one or more JSON offset arrays of part <paramref name="part"/>, as the posting rows hold them,
    /// concatenated in any way.
    /// </summary>
    public void AddOffsets(ReadOnlySpan<char> json, long part)
    {
        var self = this;
        PostingLists.ReadJsonOffsets(json, part, ref self);
    }

    public bool Contains(long seq)
    {
        var word = seq >> 6;
        return seq >= 0 && word < _words.Length && (_words[word] & (1UL << (int)(seq & 63))) != 0;
    }

    public void Remove(long seq)
    {
        var word = seq >> 6;
        if (seq >= 0 && word < _words.Length) _words[word] &= ~(1UL << (int)(seq & 63));
    }

    /// <summary>Keeps only the seqs <paramref name="other"/> also holds.</summary>
    public void IntersectWith(SeqSet other)
    {
        var common = Math.Min(_words.Length, other._words.Length);
        for (var i = 0; i < common; i++) _words[i] &= other._words[i];
        Array.Clear(_words, common, _words.Length - common);
    }

    public void UnionWith(SeqSet other)
    {
        if (other._words.Length > _words.Length) Array.Resize(ref _words, other._words.Length);
        for (var i = 0; i < other._words.Length; i++) _words[i] |= other._words[i];
    }

    public long Count()
    {
        long n = 0;
        foreach (var w in _words) n += BitOperations.PopCount(w);
        return n;
    }

    /// <summary>The seqs in ascending order.</summary>
    public IEnumerable<long> Ascending()
    {
        for (var i = 0; i < _words.Length; i++)
        {
            var w = _words[i];
            while (w != 0)
            {
                var bit = BitOperations.TrailingZeroCount(w);
                yield return ((long)i << 6) + bit;
                w &= w - 1;
            }
        }
    }

    /// <summary>
    /// The set as bytes, bit <c>seq % 8</c> (least significant first) of byte <c>seq / 8</c>: the layout of
    /// PostgreSQL's <c>get_bit(bytea, n)</c>, so that a statement can test membership while it walks rows.
    /// </summary>
    public byte[] ToBitmap()
    {
        var last = _words.Length;
        while (last > 0 && _words[last - 1] == 0) last--;
        var bytes = new byte[last * sizeof(ulong)];
        for (var i = 0; i < last; i++)
        {
            var w = _words[i];
            for (var b = 0; b < sizeof(ulong); b++) bytes[i * sizeof(ulong) + b] = (byte)(w >> (8 * b));
        }
        return bytes;
    }
}
