using System.Globalization;
using Barge.Core.Objects.Validation;

namespace Barge.Server.Hosting;

/// <summary>
/// Reads <see cref="BargeOptions"/> from environment variables and refuses invalid values loudly, naming the
/// variable: a typo must stop the server at start, not silently fall back to a default.
/// </summary>
public static class BargeOptionsFromEnvironment
{
    private static readonly string[] StringTypes = ["text", "string"];
    private static readonly string[] NumberTypes = ["number", "int"];
    private static readonly string[] DateTypes = ["date", "text", "string"];
    private static readonly string[] Tokenizations = ["word", "lowercase", "whitespace", "field", "trigram"];

    public static BargeOptions Read(Func<string, string?> env)
    {
        var d = new BargeOptions();
        var metricsListen = Listen(env, "BARGE_METRICS_LISTEN") ?? d.MetricsListen;
        var options = d with
        {
            DataPath = env("PERSISTENCE_DATA_PATH") ?? d.DataPath,
            Listen = Listen(env) ?? d.Listen,
            GrpcListen = Listen(env, "BARGE_GRPC_LISTEN") ?? d.GrpcListen,
            GrpcPort = Port(env, "GRPC_PORT") ?? d.GrpcPort,
            GrpcMaxMessageBytes = Int(env, "BARGE_GRPC_MAX_MESSAGE_BYTES") ?? d.GrpcMaxMessageBytes,
            // Naming where to serve metrics asks for them; an explicit PROMETHEUS_MONITORING_ENABLED=false still wins.
            MetricsEnabled = Bool(env, "PROMETHEUS_MONITORING_ENABLED") ?? (metricsListen is not null || d.MetricsEnabled),
            MetricsListen = metricsListen,
            MetricsPort = Port(env, "PROMETHEUS_MONITORING_PORT") ?? d.MetricsPort,
            Storage = Storage(env("BARGE_STORAGE"), "BARGE_STORAGE") ?? d.Storage,
            PostgresConnectionString = env("BARGE_POSTGRES") is { Length: > 0 } postgres ? postgres : d.PostgresConnectionString,
            FilterLimits = new Barge.Core.Filters.FilterLimits(
                Int(env, "BARGE_MAX_FILTER_CLAUSES") ?? d.FilterLimits.MaxClauses,
                Int(env, "BARGE_MAX_FILTER_VALUES") ?? d.FilterLimits.MaxValues,
                Int(env, "BARGE_MAX_FILTER_DEPTH") ?? d.FilterLimits.MaxDepth,
                Int(env, "BARGE_MAX_FILTER_REFERENCE_HOPS") ?? d.FilterLimits.MaxReferenceHops,
                Int(env, "BARGE_MAX_FILTER_LIKE_WILDCARDS") ?? d.FilterLimits.MaxLikeWildcards),
            MaxSortKeys = Int(env, "BARGE_MAX_SORT_KEYS") ?? d.MaxSortKeys,
            MaxIndexedWordBytes = Int(env, "BARGE_MAX_INDEXED_WORD_BYTES") ?? d.MaxIndexedWordBytes,
            GraphQLLimits = new Barge.Server.GraphQL.GraphQLDocumentLimits(
                Int(env, "BARGE_MAX_GRAPHQL_FIELDS") ?? d.GraphQLLimits.MaxFields,
                Int(env, "BARGE_MAX_GRAPHQL_NODES") ?? d.GraphQLLimits.MaxNodes,
                Int(env, "BARGE_MAX_GRAPHQL_DEPTH") ?? d.GraphQLLimits.MaxDepth),
            BackupFilesystemPath = env("BACKUP_FILESYSTEM_PATH") is { Length: > 0 } backups ? backups : d.BackupFilesystemPath,
            AutoSchemaEnabled = Bool(env, "AUTOSCHEMA_ENABLED") ?? d.AutoSchemaEnabled,
            AutoSchemaDefaultString = OneOf(env, "AUTOSCHEMA_DEFAULT_STRING", StringTypes) ?? d.AutoSchemaDefaultString,
            AutoSchemaDefaultNumber = OneOf(env, "AUTOSCHEMA_DEFAULT_NUMBER", NumberTypes) ?? d.AutoSchemaDefaultNumber,
            AutoSchemaDefaultDate = OneOf(env, "AUTOSCHEMA_DEFAULT_DATE", DateTypes) ?? d.AutoSchemaDefaultDate,
            DefaultTokenization = OneOf(env, "DEFAULT_TOKENIZATION", Tokenizations) ?? d.DefaultTokenization,
            QueryMaximumResults = Int(env, "QUERY_MAXIMUM_RESULTS") ?? d.QueryMaximumResults,
            QueryDefaultsLimit = Int(env, "QUERY_DEFAULTS_LIMIT") ?? d.QueryDefaultsLimit,
            MaxRequestBytes = Long(env, "BARGE_MAX_REQUEST_BYTES") ?? d.MaxRequestBytes,
            MaxJsonDepth = Int(env, "BARGE_MAX_JSON_DEPTH") ?? d.MaxJsonDepth,
            MaxBatchItems = Int(env, "BARGE_MAX_BATCH_ITEMS") ?? d.MaxBatchItems,
            MaxQueuedObjects = Long(env, "BARGE_MAX_QUEUED_OBJECTS") ?? d.MaxQueuedObjects,
            MaxQueuedBytes = Long(env, "BARGE_MAX_QUEUED_BYTES") ?? d.MaxQueuedBytes,
            MemoryLimitBytes = MemoryLimit(env("BARGE_MEMORY_LIMIT"), "BARGE_MEMORY_LIMIT") ?? d.MemoryLimitBytes,
            Environment = env("BARGE_ENVIRONMENT") is { Length: > 0 } environment ? environment.Trim() : d.Environment,
            JournalMaxAge = Duration(env, "BARGE_JOURNAL_MAX_AGE") ?? d.JournalMaxAge,
            JournalMaxBatches = Int(env, "BARGE_JOURNAL_MAX_BATCHES") ?? d.JournalMaxBatches,
            HatNamespaces = HatNamespaces(env, "BARGE_HAT_NAMESPACES"),
            HatRejectDuplicates = Bool(env, "BARGE_HAT_REJECT_DUPLICATES") ?? d.HatRejectDuplicates,
            Auth = new AuthOptions
            {
                AnonymousAccessEnabled = Bool(env, "AUTHENTICATION_ANONYMOUS_ACCESS_ENABLED"),
                ApiKeyEnabled = Bool(env, "AUTHENTICATION_APIKEY_ENABLED") ?? false,
                ApiKeys = List(env, "AUTHENTICATION_APIKEY_ALLOWED_KEYS"),
                ApiKeyUsers = List(env, "AUTHENTICATION_APIKEY_USERS"),
                AdminListEnabled = Bool(env, "AUTHORIZATION_ADMINLIST_ENABLED") ?? false,
                AdminUsers = List(env, "AUTHORIZATION_ADMINLIST_USERS"),
                ReadOnlyUsers = List(env, "AUTHORIZATION_ADMINLIST_READONLY_USERS"),
                FailedAuthLimit = Count(env, "BARGE_AUTH_FAILURE_LIMIT") ?? d.Auth.FailedAuthLimit,
                FailedAuthWindow = Duration(env, "BARGE_AUTH_FAILURE_WINDOW") ?? d.Auth.FailedAuthWindow,
            },
        };
        Check(options);
        return options;
    }

    public static BargeOptions FromProcess() => Read(Environment.GetEnvironmentVariable);

    /// <summary><c>sqlite</c> or <c>postgres</c> (also <c>postgresql</c>), from a variable or a flag named <paramref name="source"/>.</summary>
    public static StorageKind? Storage(string? value, string source) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "sqlite" => StorageKind.Sqlite,
        "postgres" or "postgresql" => StorageKind.Postgres,
        _ => throw new ArgumentException($"{source} must be sqlite or postgres, not '{value}'"),
    };

    /// <summary>Rules that span several variables.</summary>
    public static void Check(BargeOptions o)
    {
        if (o.Storage == StorageKind.Postgres && string.IsNullOrWhiteSpace(o.PostgresConnectionString))
            throw new ArgumentException("PostgreSQL storage needs a connection string (--postgres or BARGE_POSTGRES)");
        try { ListenAddress.Parse(o.EffectiveGrpcListen); }
        catch (ArgumentException ex) { throw new ArgumentException($"gRPC listen address '{o.EffectiveGrpcListen}' is invalid: {ex.Message}", ex); }
        if (o.MetricsEnabled)
        {
            try { ListenAddress.Parse(o.EffectiveMetricsListen); }
            catch (ArgumentException ex) { throw new ArgumentException($"metrics listen address '{o.EffectiveMetricsListen}' is invalid: {ex.Message}", ex); }
        }
        if (QueuedBytesError(o) is { } queuedError) throw new ArgumentException(queuedError);
        if (IndexedWordLimitError(o) is { } wordLimitError) throw new ArgumentException(wordLimitError);
        if (o.QueryDefaultsLimit > o.QueryMaximumResults)
            throw new ArgumentException($"QUERY_DEFAULTS_LIMIT ({o.QueryDefaultsLimit}) must not be above QUERY_MAXIMUM_RESULTS ({o.QueryMaximumResults})");
        if (!o.Auth.ApiKeyEnabled) return;
        if (o.Auth.ApiKeys.Count == 0)
            throw new ArgumentException("AUTHENTICATION_APIKEY_ENABLED is true but AUTHENTICATION_APIKEY_ALLOWED_KEYS is empty");
        if (o.Auth.ApiKeyUsers.Count is not (0 or 1) && o.Auth.ApiKeyUsers.Count != o.Auth.ApiKeys.Count)
            throw new ArgumentException(
                $"AUTHENTICATION_APIKEY_USERS must name one user for all keys or one user per key ({o.Auth.ApiKeys.Count}), got {o.Auth.ApiKeyUsers.Count}");
    }

    /// <summary>
    /// A size (<c>512MiB</c>, <c>1GiB</c>, bytes) for the managed heap's hard limit, from a variable or a flag named
    /// <paramref name="source"/>; 0 leaves the runtime's own limit. Below 64 MiB the server could not even start its work.
    /// </summary>
    public static long? MemoryLimit(string? value, string source)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        return ByteSize.TryParse(value) switch
        {
            0 => 0,
            >= MinimumMemoryLimit and var bytes => bytes,
            _ => throw new ArgumentException($"{source} must be 0 (the runtime's own) or a size of at least 64MiB, e.g. 512MiB or 1GiB, not '{value}'"),
        };
    }

    private const long MinimumMemoryLimit = 64L * 1024 * 1024;

    /// <summary>
    /// What the queue admits must leave the heap room for the parsed objects of those bodies and for everything else:
    /// a body is held while it is parsed, and its objects take more room than its bytes (strings of UTF-16, one object
    /// per item, the normalized JSON, the answer's echo), so at most an eighth of the memory limit: a flood is then answered 429 before the heap is full, not
    /// OutOfMemory (MemoryBoundTests).
    /// </summary>
    private static string? QueuedBytesError(BargeOptions o) =>
        o.MemoryLimitBytes == 0 || o.MaxQueuedBytes <= o.MemoryLimitBytes / 8 ? null
        : $"BARGE_MAX_QUEUED_BYTES ({ByteSize.Describe(o.MaxQueuedBytes)}) must be at most an eighth of the memory limit (BARGE_MEMORY_LIMIT or --memory-limit, {ByteSize.Describe(o.MemoryLimitBytes)}): "
          + "raise the memory limit or lower the queue";

    /// <summary>
    /// A PostgreSQL index entry cannot hold a longer word than <see cref="IndexedText.PostgresMaxWordBytes"/>: a higher
    /// limit there would let such a word through to fail its whole batch at the commit.
    /// </summary>
    private static string? IndexedWordLimitError(BargeOptions o)
    {
        var postgres = o.Storage == StorageKind.Postgres;
        var highest = postgres ? IndexedText.PostgresMaxWordBytes : IndexedText.HighestMaxWordBytes;
        if (o.MaxIndexedWordBytes >= 1 && o.MaxIndexedWordBytes <= highest) return null;
        var where = postgres ? " on PostgreSQL, whose index entries hold no longer word" : "";
        return $"BARGE_MAX_INDEXED_WORD_BYTES must be from 1 to {highest}{where}, got {o.MaxIndexedWordBytes}";
    }

    private static string? Listen(Func<string, string?> env, string name = "BARGE_LISTEN")
    {
        if (env(name) is not { } value) return null;
        try { ListenAddress.Parse(value); }
        catch (ArgumentException ex) { throw new ArgumentException($"{name} '{value}' is invalid: {ex.Message}", ex); }
        return value;
    }

    /// <summary>A TCP port, 0 (any free port) to 65535.</summary>
    private static int? Port(Func<string, string?> env, string name) => env(name) switch
    {
        null or "" => null,
        var v when int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p <= 65535 => p,
        var v => throw new ArgumentException($"{name} must be a port number (0 to 65535), got '{v}'"),
    };

    /// <summary><c>user:ns1|ns2;user2:*</c>: each namespace must follow HAT's rule (or be <c>*</c>), each user appear once.</summary>
    private static Dictionary<string, IReadOnlyList<string>> HatNamespaces(Func<string, string?> env, string name)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (env(name) is not { Length: > 0 } value) return result;
        foreach (var entry in value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = entry.LastIndexOf(':');
            var user = colon > 0 ? entry[..colon].Trim() : "";
            var namespaces = colon > 0 ? entry[(colon + 1)..].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [];
            if (user.Length == 0 || namespaces.Length == 0)
                throw new ArgumentException($"{name} entries must be 'user:ns1|ns2' or 'user:*', got '{entry}'");
            if (namespaces.FirstOrDefault(n => n != "*" && !Barge.Core.Hat.HatNames.IsNamespace(n)) is { } bad)
                throw new ArgumentException($"{name}: namespace '{bad}' must match [0-9a-z-]+ (or be *)");
            if (!result.TryAdd(user, namespaces)) throw new ArgumentException($"{name} names user '{user}' twice");
        }
        return result;
    }

    private static IReadOnlyList<string> List(Func<string, string?> env, string name) =>
        env(name) is { Length: > 0 } v ? v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [];

    private static string? OneOf(Func<string, string?> env, string name, string[] allowed) => env(name) switch
    {
        null or "" => null,
        var v when allowed.Contains(v) => v,
        var v => throw new ArgumentException($"{name} must be one of {string.Join(", ", allowed)}, got '{v}'"),
    };

    /// <summary>The spellings Weaviate's config reader understands, both ways; anything else is a mistake.</summary>
    private static bool? Bool(Func<string, string?> env, string name) => env(name)?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "true" or "1" or "on" or "enabled" => true,
        "false" or "0" or "off" or "disabled" => false,
        _ => throw new ArgumentException($"{name} must be true or false, got '{env(name)}'"),
    };

    private static int? Int(Func<string, string?> env, string name) => env(name) switch
    {
        null or "" => null,
        var v when int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i > 0 => i,
        var v => throw new ArgumentException($"{name} must be a positive integer, got '{v}'"),
    };

    /// <summary>A whole number, 0 included (where 0 turns a limit off).</summary>
    private static int? Count(Func<string, string?> env, string name) => env(name)?.Trim() switch
    {
        null or "" => null,
        var v when int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var i) => i,
        var v => throw new ArgumentException($"{name} must be a whole number (0 turns the limit off), got '{v}'"),
    };

    /// <summary>A positive whole number with a unit: <c>30d</c>, <c>12h</c>, <c>15m</c>, <c>45s</c>.</summary>
    private static TimeSpan? Duration(Func<string, string?> env, string name)
    {
        var v = env(name)?.Trim();
        if (string.IsNullOrEmpty(v)) return null;
        if (v.Length >= 2 && long.TryParse(v.AsSpan(0, v.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            TimeSpan? span = v[^1] switch
            {
                'd' => TimeSpan.FromDays(n),
                'h' => TimeSpan.FromHours(n),
                'm' => TimeSpan.FromMinutes(n),
                's' => TimeSpan.FromSeconds(n),
                _ => null,
            };
            if (span is not null) return span;
        }
        throw new ArgumentException($"{name} must be a positive duration like 30d, 12h, 15m or 45s, got '{v}'");
    }

    private static long? Long(Func<string, string?> env, string name) => env(name) switch
    {
        null or "" => null,
        var v when long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i > 0 => i,
        var v => throw new ArgumentException($"{name} must be a positive integer, got '{v}'"),
    };
}
