using Barge.Core.Filters;
using Barge.Core.Hat;
using Barge.Core.Journal;
using Barge.Core.Objects;
using Barge.Core.Schema;
using Barge.Core.Storage;

namespace Barge.Storage.Postgres;

/// <summary>PLACEHOLDER: the PostgreSQL store is being written; every member throws until then.</summary>
public sealed class PostgresStore : IObjectStore, IBatchJournalStore, IRecordLinkStore, ISchemaCoordination
{
    private PostgresStore() { }

    /// <summary>Connects (retrying up to <see cref="PostgresStoreOptions.StartupTimeout"/>), creates or migrates the tables, starts the writer.</summary>
    public static Task<PostgresStore> OpenAsync(PostgresStoreOptions options, CancellationToken ct = default) =>
        throw new NotImplementedException("PostgreSQL storage is not implemented yet");

    /// <summary>Host, port and database of a connection string (never its password), for messages.</summary>
    public static string Describe(string connectionString)
    {
        var b = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        return $"{b.Host}:{b.Port}/{b.Database}";
    }

    public event Action? SchemaChanged { add { } remove { } }
    public Task<IAsyncDisposable> LockSchemaAsync(CancellationToken ct = default) => throw new NotImplementedException();
    public Task<IReadOnlyList<ClassDefinition>> LoadClassesAsync(CancellationToken ct = default) => throw new NotImplementedException();
    public Task SaveClassAsync(ClassDefinition definition, CancellationToken ct = default) => throw new NotImplementedException();
    public Task DeleteClassAsync(string className, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<StoredObject?> GetAsync(string className, string id, string? tenant, CancellationToken ct = default) => throw new NotImplementedException();
    public bool Exists(string className, string id, string? tenant) => throw new NotImplementedException();
    public Task<IReadOnlyList<string>> FindClassesOfIdAsync(string id, IReadOnlyList<string> candidates, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<ObjectPage> ListAsync(ListQuery query, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<WriteCommand> commands, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<WriteCommand> commands, WriteOptions options, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<MatchResult> FindMatchesAsync(string className, string? tenant, FilterNode filter, int limit, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<IReadOnlyDictionary<string, long>> CountByClassAsync(CancellationToken ct = default) => throw new NotImplementedException();
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
    public Task<IReadOnlyList<LinkedRecord>> FindLinkedAsync(IReadOnlyList<string> recordIds, CancellationToken ct = default) => throw new NotImplementedException();
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
