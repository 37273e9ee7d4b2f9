using Barge.Core.Indexing;
using Barge.Core.Schema;

namespace Barge.Storage.Relational;

/// <summary>
/// Removes the index rows of replaced and deleted objects (queued in the store's garbage table) in small writer jobs,
/// off the path of the requests that replaced or deleted them. Each job takes the oldest entries, recomputes their
/// index rows from the stored properties, deletes them, and drops the entries, in one transaction. The store's
/// <see cref="IIndexGarbageTable{TContext}"/> supplies the SQL of each of those steps.
/// </summary>
public sealed class IndexGarbageCollector<TContext> : IAsyncDisposable where TContext : IWriterContext
{
    /// <summary>The entries a job takes unless the store asks for another bound.</summary>
    public const int DefaultEntriesPerJob = 200;
    private static readonly TimeSpan IdleDelay = TimeSpan.FromMilliseconds(500);
    private readonly IIndexGarbageTable<TContext> _table;
    private readonly Func<string, ClassDefinition?> _classes;
    private readonly RepeatingWriterJob<TContext> _rounds;

    private readonly int _entriesPerJob;

    public IndexGarbageCollector(GroupCommitWriter<TContext> writer, IIndexGarbageTable<TContext> table, Func<string, ClassDefinition?> classes,
        int entriesPerJob = DefaultEntriesPerJob)
    {
        _table = table;
        _classes = classes;
        _entriesPerJob = entriesPerJob;
        _rounds = new RepeatingWriterJob<TContext>(writer, CollectSome, entriesPerJob, IdleDelay);
    }

    private int CollectSome(TContext ctx)
    {
        var entries = _table.Take(ctx, _entriesPerJob);
        var collected = new List<CollectedGarbage>(entries.Count);
        foreach (var entry in entries)
        {
            // Unknown while the schema is still loading at start-up: left for a later round. (A deleted class takes
            // its queued entries with it.)
            if (_classes(entry.Class) is not { } definition) continue;
            var index = ObjectIndex.Of(definition, entry.Properties);
            collected.Add(new(entry, index.Entries, definition, index.Keywords));
        }
        if (collected.Count == 0) return 0;
        _table.DeleteIndexRows(ctx, collected);
        _table.Drop(ctx, collected);
        return collected.Count;
    }

    public ValueTask DisposeAsync() => _rounds.DisposeAsync();
}
