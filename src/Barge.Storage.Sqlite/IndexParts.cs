namespace Barge.Storage.Sqlite;

/// <summary>
/// The part of the inverted index an object's rows live in: runs of 8,192 consecutive seqs. idx is keyed
/// (part, field, v, seq) so that a commit writes into the newest part only, a few hundred pages however large the
/// store (see Migrations/0005_idx_parts.sql, which moved existing rows into their parts with this shift).
/// </summary>
public static class IndexParts
{
    /// <summary>log2 of the seqs per part.</summary>
    public const int SeqShift = 13;

    public static long Of(long seq) => seq >> SeqShift;

    /// <summary>
    /// A condition on idx's leading key column that names every part that can hold a live object's rows (0 to the
    /// newest object's part), so that SQLite searches each part's key range by the primary key instead of scanning
    /// idx. Rows of parts above it belong to deleted objects, which no query can match.
    /// </summary>
    public static readonly string EveryPart =
        "part IN (WITH RECURSIVE parts(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM parts " +
        $"WHERE n < (SELECT coalesce(max(seq), 0) >> {SeqShift} FROM objects)) SELECT n FROM parts)";
}
