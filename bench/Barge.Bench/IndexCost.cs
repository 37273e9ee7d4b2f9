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
/// (one thread; the GC it triggers included), so it can be compared across builds on a busy machine.
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
        long entryCount = 0, listCount = 0;
        for (var r = 0; r < rounds; r++)
        {
            var lists = 0L;
            var entries = new IReadOnlyList<IndexEntry>[count];
            var t0 = Cpu();
            for (var i = 0; i < count; i++)
                entries[i] = IndexEntries.For(cls, (JsonNode.Parse(utf8[i]) as JsonObject)!);
            var t1 = Cpu();
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
            bestEntries = Math.Min(bestEntries, (t1 - t0) / count * 1e6);
            bestPostings = Math.Min(bestPostings, gather / count * 1e6);
            bestEncode = Math.Min(bestEncode, encode / count * 1e6);
            entryCount = entries.Sum(e => (long)e.Count);
            listCount = lists;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"entriesMicros\":{bestEntries:F2},\"gatherMicros\":{bestPostings:F2},\"sortEncodeMicros\":{bestEncode:F2},\"entriesPerObject\":{(double)entryCount / count:F1},\"listsPerBatch\":{(double)listCount / Math.Ceiling((double)count / batch):F0}}}"));
        return 0;
    }

    private static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    private sealed class NoReferences : Barge.Core.Objects.IReferenceResolver
    {
        public static readonly NoReferences Instance = new();
        public bool Exists(string className, string id) => false;
        public IReadOnlyList<string> ClassesOf(string id, IReadOnlyList<string> candidates) => [];
    }
}
