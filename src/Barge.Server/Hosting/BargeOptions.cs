namespace Barge.Server.Hosting;

/// <summary>
/// Everything a Barge server is configured with. Built from environment variables (Weaviate's names where
/// Weaviate has one, <c>BARGE_*</c> otherwise) and overridden by <c>barge serve</c> flags.
/// </summary>
public sealed record BargeOptions
{
    public string DataPath { get; init; } = "./data";
    /// <summary>Where data lives: <see cref="StorageKind.Sqlite"/> (embedded, in <see cref="DataPath"/>) or PostgreSQL.</summary>
    public StorageKind Storage { get; init; } = StorageKind.Sqlite;
    /// <summary>The Npgsql connection string when <see cref="Storage"/> is PostgreSQL (<c>BARGE_POSTGRES</c>).</summary>
    public string? PostgresConnectionString { get; init; }
    /// <summary><c>host:port</c>; port 0 picks a free port (tests).</summary>
    public string Listen { get; init; } = "127.0.0.1:8080";
    /// <summary>
    /// Where the Weaviate gRPC dialect listens (HTTP/2 cleartext), <c>host:port</c> (<c>--grpc-listen</c>,
    /// <c>BARGE_GRPC_LISTEN</c>); null: the host of <see cref="Listen"/> with <see cref="GrpcPort"/>.
    /// </summary>
    public string? GrpcListen { get; init; }
    /// <summary>The gRPC port when <see cref="GrpcListen"/> is not set (Weaviate's <c>GRPC_PORT</c>).</summary>
    public int GrpcPort { get; init; } = 50051;
    /// <summary>
    /// Whether Prometheus metrics are served (Weaviate's <c>PROMETHEUS_MONITORING_ENABLED</c>; on as well when a metrics
    /// listen address is given). Off: no exporter is registered and nothing listens.
    /// </summary>
    public bool MetricsEnabled { get; init; }
    /// <summary>
    /// Where <c>/metrics</c> is served, <c>host:port</c> (<c>--metrics-listen</c>, <c>BARGE_METRICS_LISTEN</c>); null: the
    /// host of <see cref="Listen"/> with <see cref="MetricsPort"/>.
    /// </summary>
    public string? MetricsListen { get; init; }
    /// <summary>The metrics port when <see cref="MetricsListen"/> is not set (Weaviate's <c>PROMETHEUS_MONITORING_PORT</c>).</summary>
    public int MetricsPort { get; init; } = 2112;
    /// <summary>The largest gRPC message received or sent (<c>BARGE_GRPC_MAX_MESSAGE_BYTES</c>); published in /v1/meta.</summary>
    public int GrpcMaxMessageBytes { get; init; } = 100 * 1024 * 1024;
    /// <summary>The bounds on a filter's size (<c>BARGE_MAX_FILTER_*</c>), for every dialect.</summary>
    public Barge.Core.Filters.FilterLimits FilterLimits { get; init; } = Barge.Core.Filters.FilterLimits.Default;
    /// <summary>The most keys <c>GET /v1/objects?sort=</c> takes (<c>BARGE_MAX_SORT_KEYS</c>): each is a sort key of the database's query.</summary>
    public int MaxSortKeys { get; init; } = 16;
    /// <summary>
    /// The longest word in a filterable text property, in UTF-8 bytes (<c>BARGE_MAX_INDEXED_WORD_BYTES</c>): a longer one
    /// fails its object. On PostgreSQL no more than an index entry holds.
    /// </summary>
    public int MaxIndexedWordBytes { get; init; } = Barge.Core.Objects.Validation.IndexedText.PostgresMaxWordBytes;
    /// <summary>The bounds on a GraphQL document's size (<c>BARGE_MAX_GRAPHQL_*</c>), checked before it is validated or run.</summary>
    public Barge.Server.GraphQL.GraphQLDocumentLimits GraphQLLimits { get; init; } = Barge.Server.GraphQL.GraphQLDocumentLimits.Default;
    /// <summary>Where the filesystem backup backend writes backups (Weaviate's <c>BACKUP_FILESYSTEM_PATH</c>); null: the backend is off.</summary>
    public string? BackupFilesystemPath { get; init; }
    public bool AutoSchemaEnabled { get; init; } = true;
    public string AutoSchemaDefaultString { get; init; } = "text";
    public string AutoSchemaDefaultNumber { get; init; } = "number";
    public string AutoSchemaDefaultDate { get; init; } = "date";
    public string DefaultTokenization { get; init; } = "word";
    public int QueryMaximumResults { get; init; } = 10_000;
    public int QueryDefaultsLimit { get; init; } = 10;
    public long MaxRequestBytes { get; init; } = 64L * 1024 * 1024;
    public int MaxJsonDepth { get; init; } = 64;
    public int MaxBatchItems { get; init; } = 100_000;
    /// <summary>
    /// Objects of batches admitted and not yet answered (<c>BARGE_MAX_QUEUED_OBJECTS</c>): past it a batch gets 429 or
    /// RESOURCE_EXHAUSTED before anything is done. As many as the largest batch, so that one always fits alone.
    /// </summary>
    public long MaxQueuedObjects { get; init; } = 100_000;
    /// <summary>
    /// Bytes of batch request bodies admitted and not yet answered (<c>BARGE_MAX_QUEUED_BYTES</c>): what bounds the
    /// memory a flood of large batches holds. A few large bodies at once, and at most an eighth of
    /// <see cref="MemoryLimitBytes"/>.
    /// </summary>
    public long MaxQueuedBytes { get; init; } = 64L * 1024 * 1024;
    /// <summary>
    /// The hard limit of the managed heap (<c>BARGE_MEMORY_LIMIT</c>, <c>--memory-limit</c>; 0: the runtime's own, the
    /// machine's or container's memory), which <c>barge serve</c> gives the runtime's garbage collector at start (an
    /// embedding host sets its process's own). Under a steady load the collector otherwise lets dead objects pile up
    /// far above the live ones; with a limit it collects harder as the heap nears it. The queued batch bytes must fit
    /// well inside it (<see cref="BargeOptionsFromEnvironment.Check"/>), so a flood is refused with 429 before the heap
    /// runs out. Not counted: SQLite's page cache and the runtime's own code and stacks (docs/reliability.md).
    /// </summary>
    public long MemoryLimitBytes { get; init; } = DefaultMemoryLimitBytes;
    public const long DefaultMemoryLimitBytes = 512L * 1024 * 1024;
    /// <summary>The data environment named in batch summaries (<c>BARGE_ENVIRONMENT</c>).</summary>
    public string Environment { get; init; } = "default";
    /// <summary>Summaries older than this are pruned (<c>BARGE_JOURNAL_MAX_AGE</c>); null keeps them by age.</summary>
    public TimeSpan? JournalMaxAge { get; init; } = TimeSpan.FromDays(30);
    /// <summary>Only the newest this many summaries are kept (<c>BARGE_JOURNAL_MAX_BATCHES</c>); null: no count limit.</summary>
    public int? JournalMaxBatches { get; init; } = 100_000;
    /// <summary>How often the background pruning runs (tests shorten it).</summary>
    public TimeSpan JournalPruneInterval { get; init; } = TimeSpan.FromMinutes(1);
    /// <summary>
    /// The clock of every time the server records or acts on (timestamps, batch times, journal age, the pruning timer);
    /// tests that depend on time pass one they advance themselves.
    /// </summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
    public AuthOptions Auth { get; init; } = new();

    /// <summary>The gRPC listen address in force: <see cref="GrpcListen"/>, or the REST host with <see cref="GrpcPort"/>.</summary>
    public string EffectiveGrpcListen => GrpcListen ?? $"{Listen[..Math.Max(0, Listen.LastIndexOf(':'))]}:{GrpcPort}";
    /// <summary>The metrics listen address in force: <see cref="MetricsListen"/>, or the REST host with <see cref="MetricsPort"/>.</summary>
    public string EffectiveMetricsListen => MetricsListen ?? $"{Listen[..Math.Max(0, Listen.LastIndexOf(':'))]}:{MetricsPort}";
    /// <summary>
    /// HAT namespaces each user may write (<c>BARGE_HAT_NAMESPACES</c>, <c>user:ns1|ns2;other:*</c>); <c>*</c> as the user
    /// applies to users not named. A user without an entry (and no <c>*</c> entry) may write every namespace.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> HatNamespaces { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    /// <summary>HAT's rejection of data identical to a stored record (<c>BARGE_HAT_REJECT_DUPLICATES</c>); off by default.</summary>
    public bool HatRejectDuplicates { get; init; }
}

public enum StorageKind { Sqlite, Postgres }

public sealed record AuthOptions
{
    /// <summary>Null means "not set": anonymous access is then on only while bound to loopback.</summary>
    public bool? AnonymousAccessEnabled { get; init; }
    public bool ApiKeyEnabled { get; init; }
    public IReadOnlyList<string> ApiKeys { get; init; } = [];
    public IReadOnlyList<string> ApiKeyUsers { get; init; } = [];
    public bool AdminListEnabled { get; init; }
    public IReadOnlyList<string> AdminUsers { get; init; } = [];
    public IReadOnlyList<string> ReadOnlyUsers { get; init; } = [];
    /// <summary>Wrong API keys one client address may send per <see cref="FailedAuthWindow"/> before it has to wait
    /// (<c>BARGE_AUTH_FAILURE_LIMIT</c>; 0 turns the limit off).</summary>
    public int FailedAuthLimit { get; init; } = 20;
    /// <summary><c>BARGE_AUTH_FAILURE_WINDOW</c>, e.g. <c>60s</c>.</summary>
    public TimeSpan FailedAuthWindow { get; init; } = TimeSpan.FromMinutes(1);
}
