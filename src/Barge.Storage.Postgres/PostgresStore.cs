using Barge.Core.Filters;
using Barge.Core.Hat;
using Barge.Core.Journal;
using Barge.Core.Objects;
using Barge.Core.Schema;
using Barge.Core.Storage;
using Npgsql;

namespace Barge.Storage.Postgres;

/// <summary>PLACEHOLDER: the PostgreSQL store is being written; every member throws until then.</summary>
public sealed partial class PostgresStore : IObjectStore, IBatchJournalStore, IRecordLinkStore, ISchemaCoordination
{
    private readonly NpgsqlDataSource _data;
    private readonly Func<string, ClassDefinition?> _classes;

    // PLACEHOLDER (wt-pgb): lets the storage tests build a store over a migrated schema until OpenAsync exists.
    internal PostgresStore(NpgsqlDataSource data, Func<string, ClassDefinition?> classes)
    {
        _data = data;
        _classes = classes;
    }

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
    public Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<WriteCommand> commands, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<WriteCommand> commands, WriteOptions options, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<IReadOnlyDictionary<string, long>> CountByClassAsync(CancellationToken ct = default) => throw new NotImplementedException();
    public Task<IReadOnlyList<LinkedRecord>> FindLinkedAsync(IReadOnlyList<string> recordIds, CancellationToken ct = default) => throw new NotImplementedException();
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
