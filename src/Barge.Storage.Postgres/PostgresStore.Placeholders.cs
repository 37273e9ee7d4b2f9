using Barge.Core.Filters;
using Barge.Core.Journal;
using Barge.Core.Storage;

namespace Barge.Storage.Postgres;

/// <summary>
/// TEMPORARY: members written in parallel in PostgresStore.Queries.cs and PostgresStore.Journal.cs. Delete this file
/// when merging those.
/// </summary>
public sealed partial class PostgresStore
{
    public Task<ObjectPage> ListAsync(ListQuery query, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<MatchResult> FindMatchesAsync(string className, string? tenant, FilterNode filter, int limit, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<long?> BeginAsync(JournalEntry running, CancellationToken ct = default) => throw new NotImplementedException();
    public Task CompleteAsync(JournalCompletion completion, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<JournalEntry?> GetAsync(string id, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<JournalEntry?> FindByIdempotencyKeyAsync(string key, CancellationToken ct = default) => throw new NotImplementedException();
    public Task StoreAnswerAsync(long seq, StoredAnswer answer, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<StoredAnswer?> GetAnswerAsync(long seq, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<JournalPage> ListAsync(JournalQuery query, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<IReadOnlyList<WrittenIds>> WrittenAsync(long seq, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<bool> DeleteAsync(long seq, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<IReadOnlyList<ObjectProvenance>> ProvenanceAsync(long seq, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<int> FailRunningAsync(string message, long nowMs, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<int> PruneAsync(long? startedBeforeMs, int? keepNewest, int maxRows, CancellationToken ct = default) => throw new NotImplementedException();
}
