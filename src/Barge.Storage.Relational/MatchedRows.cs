using Barge.Core.Storage;

namespace Barge.Storage.Relational;

/// <summary>
/// One object row a match read inside the writer's transaction: its id, the seq of the row, and its properties as
/// stored where the store's delete needs them (SQLite queues them for the index collector; PostgreSQL takes them from
/// the row it deletes and leaves them empty).
/// </summary>
public readonly record struct MatchedRow(string Id, long Seq, string Properties);

/// <summary>The first rows of a filter's matches in insertion order, and how many match in all.</summary>
public sealed record MatchedRows(IReadOnlyList<MatchedRow> Rows, long Total)
{
    public MatchResult AsResult() => new(Rows.Select(r => r.Id).ToList(), Total);
}
