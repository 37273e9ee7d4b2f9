namespace Barge.Storage.Sqlite;

/// <summary>
/// The part of the inverted index an object's rows live in: runs of 8,192 consecutive seqs. idx is keyed
/// (part, field, v, seq) so that a commit writes into the newest part only, a few hundred pages however large the
/// store (see Migrations/0005_idx_parts.sql, whose <c>idx_parts</c> view uses the same shift).
/// </summary>
public static class IndexParts
{
    /// <summary>log2 of the seqs per part; 13 in the migration's view as well.</summary>
    public const int SeqShift = 13;

    public static long Of(long seq) => seq >> SeqShift;
}
