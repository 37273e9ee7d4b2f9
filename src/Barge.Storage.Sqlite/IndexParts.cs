using Barge.Storage.Relational;

namespace Barge.Storage.Sqlite;

/// <summary>
/// The part of the inverted index an object's entries live in: runs of 8,192 consecutive seqs
/// (<see cref="PostingLists"/>). The posting rows are keyed (part, field, v, first) so that a commit writes into the
/// newest part only, a few hundred pages however large the store (see Migrations/0005_idx_parts.sql, which moved
/// existing rows into their parts with this shift, and 0007_postings.sql).
/// </summary>
public static class IndexParts
{
    /// <summary>log2 of the seqs per part.</summary>
    public const int SeqShift = PostingLists.SeqShift;

    public static long Of(long seq) => PostingLists.Part(seq);

    /// <summary>
    /// A condition on the posting rows' leading key column that names every part that can hold a live object's seqs
    /// (0 to the newest object's part), so that SQLite searches each part's key range by the primary key instead of
    /// scanning the table. Rows of parts above it belong to deleted objects, which no query can match.
    /// </summary>
    public static readonly string EveryPart =
        "part IN (WITH RECURSIVE parts(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM parts " +
        $"WHERE n < (SELECT coalesce(max(seq), 0) >> {SeqShift} FROM objects)) SELECT n FROM parts)";

    /// <summary>
    /// The seqs of the posting rows that match <paramref name="condition"/> (on the rows' columns <c>field</c> and
    /// <c>v</c>), every part searched by the primary key: each row's JSON offset list expanded by <c>json_each</c>.
    /// </summary>
    public static string Seqs(string condition) =>
        $"SELECT (p.part << {SeqShift}) + j.value FROM postings p, json_each(p.seqs) j WHERE p.{EveryPart} AND {condition}";
}
