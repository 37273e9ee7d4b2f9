using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Barge.Core.Indexing;
using Barge.Core.Objects.Validation;
using Barge.Storage.Relational;

namespace Barge.Bench;

/// <summary>
/// <c>indexcost</c>: the CPU time per object of the index work a commit does on the server's write path, without
/// HTTP or SQLite: the stored properties parsed and turned into index entries (<see cref="IndexEntries.For"/>), the
/// entries gathered into posting lists per batch (<see cref="PostingBatch"/>), the lists sorted and encoded. The same
/// normalized articles as the server stores, built before timing; the best of several rounds of process CPU time
/// (one thread; the GC it triggers included), so it can be compared across builds on a busy machine. Also the write
/// path's own computation (<see cref="ObjectIndex.Of(Barge.Core.Schema.ClassDefinition, ReadOnlyMemory{byte}, IndexKinds)"/>
/// from the bytes validation wrote: entries and keyword fields), and the work of the SQLite store's in-memory segment
/// (<see cref="IndexSegment"/>), which replaces the per-commit lists there: the entries and keyword fields staged and
/// published per batch, and each complete part's lists gathered, sorted and encoded at its flush.
/// </summary>
public static class IndexCost
{
    public static int Run(Options o)
    {
        var count = o.Int("count", 20_000);
        var rounds = o.Int("rounds", 7);
        var batch = o.Int("batch", 1000);
        var cls = Articles.Class(SchemaVariant.Defaults);
        var utf8 = Enumerable.Range(0, count).Select(i =>
        {
            var obj = JsonNode.Parse(Articles.ObjectJson(i, IdMode.Server))!.AsObject();
            return PropertyValidator.Normalize(cls, obj["properties"]?.AsObject(), NoReferences.Instance).Utf8!;
        }).ToArray();
        var fields = new Dictionary<(string, string), long>();
        var postings = new PostingBatch();
        var json = new ArrayBufferWriter<byte>();
        double bestEntries = double.MaxValue, bestPostings = double.MaxValue, bestEncode = double.MaxValue;
        double bestSegment = double.MaxValue, bestFlush = double.MaxValue, bestObjectIndex = double.MaxValue;
        long entryCount = 0, listCount = 0, partLists = 0, parts = 0;
        for (var r = 0; r < rounds; r++)
        {
            var lists = 0L;
            var entries = new IReadOnlyList<IndexEntry>[count];
            var t0 = Cpu();
            for (var i = 0; i < count; i++)
                entries[i] = IndexEntries.For(cls, (JsonNode.Parse(utf8[i]) as JsonObject)!);
            var t1 = Cpu();
            var indexes = new ObjectIndex[count];
            for (var i = 0; i < count; i++)
                indexes[i] = ObjectIndex.Of(cls, utf8[i].AsMemory());
            bestObjectIndex = Math.Min(bestObjectIndex, (Cpu() - t1) / count * 1e6);
            double gather = 0, encode = 0;
            for (var b = 0; b < count; b += batch)
            {
                var g0 = Cpu();
                for (var i = b; i < Math.Min(count, b + batch); i++)
                    foreach (var e in entries[i])
                    {
                        var key = (cls.Name, e.Property);
                        if (!fields.TryGetValue(key, out var field)) fields[key] = field = fields.Count + 1;
                        postings.Add(field, e.Value, r * (long)count + i);
                    }
                var g1 = Cpu();
                foreach (var (_, seqs) in postings.Sorted()) PostingLists.WriteJsonOffsets(json, seqs);
                lists += postings.Count;
                postings.Clear();
                var g2 = Cpu();
                gather += g1 - g0;
                encode += g2 - g1;
            }
            var (segment, flush, flushedLists, flushedParts) = SegmentCost(cls.Name, indexes, batch, r * (long)count + 1, fields, json);
            bestSegment = Math.Min(bestSegment, segment / count * 1e6);
            if (flushedParts > 0) bestFlush = Math.Min(bestFlush, flush / (flushedParts * (double)(1 << PostingLists.SeqShift)) * 1e6);
            (partLists, parts) = (flushedLists, flushedParts);
            bestEntries = Math.Min(bestEntries, (t1 - t0) / count * 1e6);
            bestPostings = Math.Min(bestPostings, gather / count * 1e6);
            bestEncode = Math.Min(bestEncode, encode / count * 1e6);
            entryCount = entries.Sum(e => (long)e.Count);
            listCount = lists;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"objectIndexMicros\":{bestObjectIndex:F2},\"entriesMicros\":{bestEntries:F2},\"gatherMicros\":{bestPostings:F2},\"sortEncodeMicros\":{bestEncode:F2},\"entriesPerObject\":{(double)entryCount / count:F1},\"listsPerBatch\":{(double)listCount / Math.Ceiling((double)count / batch):F0}," +
            $"\"segmentMicros\":{bestSegment:F2},\"segmentFlushMicros\":{(parts > 0 ? bestFlush : double.NaN):F2},\"listsPerPart\":{(parts > 0 ? partLists / parts : 0)}}}"));
        return 0;
    }

    /// <summary>
    /// CPU seconds to stage and publish the entries and keyword fields batch by batch into a fresh segment, and to write its complete
    /// parts as the store's flush does (lists gathered per field id, sorted, encoded; no SQL), with the lists and parts written.
    /// </summary>
    private static (double Segment, double Flush, long Lists, long Parts) SegmentCost(string cls, ObjectIndex[] entries, int batch, long firstSeq,
        Dictionary<(string, string), long> fields, ArrayBufferWriter<byte> json)
    {
        var segment = new IndexSegment();
        var rows = new PostingBatch();
        double staging = 0, flushing = 0;
        long lists = 0, parts = 0;
        for (var b = 0; b < entries.Length; b += batch)
        {
            var s0 = Cpu();
            for (var i = b; i < Math.Min(entries.Length, b + batch); i++) segment.Stage(cls, firstSeq + i, entries[i].Entries, null, entries[i].Keywords);
            segment.Publish();
            var s1 = Cpu();
            var complete = segment.CompleteParts();
            foreach (var part in complete)
            {
                foreach (var (c, key, value, seqs) in segment.ListsOf(part))
                {
                    if (!fields.TryGetValue((c, key), out var field)) fields[(c, key)] = field = fields.Count + 1;
                    rows.AddAll(field, value, seqs);
                }
                foreach (var (_, seqs) in rows.Sorted()) PostingLists.WriteJsonOffsets(json, seqs);
                lists += rows.Count;
                parts++;
                rows.Clear();
            }
            if (complete.Count > 0)
            {
                segment.StageRetire(complete[^1]);
                segment.Publish();
            }
            var s2 = Cpu();
            staging += s1 - s0;
            flushing += s2 - s1;
        }
        return (staging, flushing, lists, parts);
    }

    private static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    private sealed class NoReferences : Barge.Core.Objects.IReferenceResolver
    {
        public static readonly NoReferences Instance = new();
        public bool Exists(string className, string id) => false;
        public IReadOnlyList<string> ClassesOf(string id, IReadOnlyList<string> candidates) => [];
    }
}
