using Barge.Core.Filters;
using Barge.Core.Indexing;
using Barge.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace Barge.Storage.Sqlite.Filters;

public sealed partial class SqliteFilterCompiler
{
    /// <summary>
    /// The filter as an <see cref="IndexOnlyFilter"/> when it is And and Or over index conditions only (what the
    /// posting lists alone answer); null for any other node (Not, ids, timestamps, references, geo, constants and
    /// refusals), which the per-object SQL of <see cref="Compile"/> evaluates. The segment is read now, before the
    /// statements take their snapshot, as in <see cref="Compile"/>.
    /// </summary>
    internal static IndexOnlyFilter? CompileIndexOnly(FilterNode filter, SqliteCommand command, IndexSegment? segment)
    {
        var compiler = new SqliteFilterCompiler(command, null, segment);
        var leaves = new List<string>();
        var segmentSeqs = new List<List<long>?>();
        var plan = IndexOnlyPlan.Build(filter, i =>
        {
            leaves.Add(compiler.LeafSeqs(i, out var inMemory));
            segmentSeqs.Add(inMemory);
            return leaves.Count - 1;
        });
        return plan is null ? null : new IndexOnlyFilter(plan, leaves, segmentSeqs);
    }

    /// <summary>
    /// One statement for the posting rows of <paramref name="i"/>: a row per part with the part's matching offset
    /// lists concatenated (one row per part rather than per value, so a range over many values costs the reader a
    /// few rows), then, when the segment's values must be compared by SQLite, a row with a NULL part and its matching
    /// seqs. Segment seqs at or below the flushed mark of the statement's snapshot are left out: that part is on disk
    /// by then, and the garbage collector may already have taken a dead seq out of it. Equality is looked up in the
    /// segment here (<paramref name="inMemory"/>), for the caller to apply the same mark.
    /// </summary>
    private string LeafSeqs(IndexCondition i, out List<long>? inMemory)
    {
        inMemory = null;
        var rows = $"SELECT p.part, group_concat(p.seqs) FROM postings p WHERE p.{IndexParts.EveryPart} " +
                   $"AND p.field = {Field(i.Class, i.Key)} AND {Predicate("p.v", i)} GROUP BY p.part";
        if (_segment is null) return rows;
        var equalTo = i.Comparison == Comparison.In ? i.Values : null;
        if (equalTo is not null && equalTo.All(SegmentJson.IsIndexValue))
        {
            inMemory = [];
            _segment.CollectEqual(i.Class, i.Key, equalTo, inMemory);
            return rows;
        }
        var values = _segment.ValuesOf(i.Class, i.Key);
        if (values.Count == 0) return rows;
        return $"{rows} UNION ALL SELECT NULL, group_concat(s.value) FROM json_each({P(SegmentJson.Lists(values))}) j, json_each(j.value, '$[1]') s " +
               $"WHERE {Predicate("json_extract(j.value, '$[0]')", i)} AND s.value > (SELECT flushed FROM index_state)";
    }
}
