using System.Text.Json.Nodes;
using Barge.Core.Indexing;
using Barge.Core.Schema;
using Barge.Core.Storage;
using Barge.Storage.Relational;

namespace Barge.Storage.Sqlite;

/// <summary>
/// Removes the index rows of replaced and deleted objects (queued in <c>idx_garbage</c>) in small writer jobs,
/// off the path of the requests that replaced or deleted them. Each job takes the oldest entries, recomputes their
/// index rows from the stored properties, deletes them in key order, and drops the entries, in one transaction.
/// </summary>
internal sealed class IndexGarbageCollector : IAsyncDisposable
{
    private const int EntriesPerJob = 200;
    private static readonly TimeSpan IdleDelay = TimeSpan.FromMilliseconds(500);
    private readonly Func<string, ClassDefinition?> _classes;
    private readonly RepeatingWriterJob<WriteContext> _rounds;

    public IndexGarbageCollector(SqliteWriter writer, Func<string, ClassDefinition?> classes)
    {
        _classes = classes;
        _rounds = new RepeatingWriterJob<WriteContext>(writer, CollectSome, EntriesPerJob, IdleDelay);
    }

    private int CollectSome(WriteContext ctx)
    {
        var entries = new List<(long Seq, string Class, string Properties)>();
        using (var r = ctx.Statement("SELECT seq, class, properties FROM idx_garbage ORDER BY seq LIMIT $p0", 1).Set(0, (long)EntriesPerJob).Command.ExecuteReader())
            while (r.Read()) entries.Add((r.GetInt64(0), r.GetString(1), r.GetString(2)));
        var collected = new List<long>(entries.Count);
        foreach (var (seq, cls, properties) in entries)
        {
            // Unknown while the schema is still loading at start-up: left for a later round. (A deleted class takes
            // its queued entries with it.)
            if (_classes(cls) is not { } definition) continue;
            if (JsonNode.Parse(properties) is JsonObject stored) ctx.Index.Delete(ctx, cls, seq, IndexEntries.For(definition, stored));
            collected.Add(seq);
        }
        ctx.Index.Flush(ctx);
        foreach (var seq in collected) ctx.Statement("DELETE FROM idx_garbage WHERE seq = $p0", 1).Set(0, seq).Command.ExecuteNonQuery();
        return collected.Count;
    }

    public ValueTask DisposeAsync() => _rounds.DisposeAsync();
}
