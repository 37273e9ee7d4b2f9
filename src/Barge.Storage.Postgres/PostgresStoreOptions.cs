namespace Barge.Storage.Postgres;

public sealed record PostgresStoreOptions
{
    /// <summary>An Npgsql connection string (<c>Host=…;Port=…;Username=…;Database=…</c>; <c>Search Path</c> picks a schema).</summary>
    public required string ConnectionString { get; init; }

    /// <summary>The live schema, used to recompute the index entries of replaced and deleted objects.</summary>
    public required Func<string, Barge.Core.Schema.ClassDefinition?> ClassLookup { get; init; }

    /// <summary>Write requests waiting for the writer before callers wait in turn (backpressure).</summary>
    public int WriteQueueCapacity { get; init; } = 1024;

    /// <summary>How long <see cref="PostgresStore.OpenAsync"/> keeps retrying while the database is starting or unreachable.</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
