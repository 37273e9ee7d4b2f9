using Barge.Server.Hosting;

namespace Barge.Server.Tests.Hosting;

public sealed class BargeOptionsFromEnvironmentTests
{
    private static BargeOptions Read(params (string Name, string Value)[] vars)
    {
        var map = vars.ToDictionary(v => v.Name, v => v.Value);
        return BargeOptionsFromEnvironment.Read(name => map.GetValueOrDefault(name));
    }

    [Fact]
    public void Nothing_set_gives_the_defaults()
    {
        Assert.Equal(new BargeOptions().ToString(), Read().ToString());
        var auth = Read().Auth;
        Assert.Null(auth.AnonymousAccessEnabled);
        Assert.False(auth.ApiKeyEnabled);
    }

    [Fact]
    public void The_grpc_listener_follows_the_rest_host_with_grpc_port_unless_given_whole()
    {
        Assert.Equal("127.0.0.1:50051", Read().EffectiveGrpcListen);
        Assert.Equal("0.0.0.0:6000", Read(("BARGE_LISTEN", "0.0.0.0:9000"), ("GRPC_PORT", "6000")).EffectiveGrpcListen);
        Assert.Equal("[::1]:7000", Read(("BARGE_LISTEN", "[::1]:9000"), ("GRPC_PORT", "7000")).EffectiveGrpcListen);
        Assert.Equal("127.0.0.2:7001", Read(("GRPC_PORT", "6000"), ("BARGE_GRPC_LISTEN", "127.0.0.2:7001")).EffectiveGrpcListen);
        Assert.Equal(4096, Read(("BARGE_GRPC_MAX_MESSAGE_BYTES", "4096")).GrpcMaxMessageBytes);
        Assert.Contains("GRPC_PORT", Assert.Throws<ArgumentException>(() => Read(("GRPC_PORT", "70000"))).Message, StringComparison.Ordinal);
        Assert.Contains("BARGE_GRPC_LISTEN", Assert.Throws<ArgumentException>(() => Read(("BARGE_GRPC_LISTEN", "nohost"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metrics_are_off_unless_asked_for_and_follow_the_rest_host_on_port_2112()
    {
        Assert.False(Read().MetricsEnabled);
        Assert.Equal("127.0.0.1:2112", Read().EffectiveMetricsListen);
        var on = Read(("PROMETHEUS_MONITORING_ENABLED", "true"), ("BARGE_LISTEN", "0.0.0.0:9000"), ("PROMETHEUS_MONITORING_PORT", "9100"));
        Assert.True(on.MetricsEnabled);
        Assert.Equal("0.0.0.0:9100", on.EffectiveMetricsListen);
        // Naming where to serve them asks for them, unless they are turned off explicitly.
        var listen = Read(("BARGE_METRICS_LISTEN", "127.0.0.3:9200"));
        Assert.True(listen.MetricsEnabled);
        Assert.Equal("127.0.0.3:9200", listen.EffectiveMetricsListen);
        Assert.False(Read(("BARGE_METRICS_LISTEN", "127.0.0.3:9200"), ("PROMETHEUS_MONITORING_ENABLED", "false")).MetricsEnabled);
        Assert.Contains("PROMETHEUS_MONITORING_PORT", Assert.Throws<ArgumentException>(() => Read(("PROMETHEUS_MONITORING_PORT", "x"))).Message, StringComparison.Ordinal);
        Assert.Contains("PROMETHEUS_MONITORING_ENABLED", Assert.Throws<ArgumentException>(() => Read(("PROMETHEUS_MONITORING_ENABLED", "yes please"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_documented_variable_is_read()
    {
        var o = Read(
            ("PERSISTENCE_DATA_PATH", "/tmp/x"), ("BARGE_LISTEN", "0.0.0.0:9000"), ("AUTOSCHEMA_ENABLED", "false"),
            ("AUTOSCHEMA_DEFAULT_STRING", "string"), ("AUTOSCHEMA_DEFAULT_NUMBER", "int"), ("AUTOSCHEMA_DEFAULT_DATE", "text"),
            ("DEFAULT_TOKENIZATION", "field"), ("QUERY_MAXIMUM_RESULTS", "500"), ("QUERY_DEFAULTS_LIMIT", "25"),
            ("BARGE_MAX_REQUEST_BYTES", "1024"), ("BARGE_MAX_JSON_DEPTH", "10"), ("BARGE_MAX_BATCH_ITEMS", "7"),
            ("BARGE_MAX_QUEUED_OBJECTS", "5000"), ("BARGE_MAX_QUEUED_BYTES", "8388608"),
            ("BARGE_MAX_FILTER_CLAUSES", "11"), ("BARGE_MAX_FILTER_VALUES", "12"), ("BARGE_MAX_FILTER_DEPTH", "13"),
            ("BARGE_MAX_FILTER_REFERENCE_HOPS", "2"), ("BARGE_MAX_FILTER_LIKE_WILDCARDS", "14"), ("BACKUP_FILESYSTEM_PATH", "/tmp/backups"), ("BARGE_MAX_SORT_KEYS", "3"),
            ("BARGE_MAX_INDEXED_WORD_BYTES", "10"),
            ("BARGE_MAX_GRAPHQL_FIELDS", "15"), ("BARGE_MAX_GRAPHQL_NODES", "16"), ("BARGE_MAX_GRAPHQL_DEPTH", "17"),
            ("AUTHENTICATION_ANONYMOUS_ACCESS_ENABLED", "true"), ("AUTHENTICATION_APIKEY_ENABLED", "true"),
            ("AUTHENTICATION_APIKEY_ALLOWED_KEYS", "k1, k2"), ("AUTHENTICATION_APIKEY_USERS", "alice,bob"),
            ("AUTHORIZATION_ADMINLIST_ENABLED", "true"), ("AUTHORIZATION_ADMINLIST_USERS", "alice"), ("AUTHORIZATION_ADMINLIST_READONLY_USERS", "bob"),
            ("BARGE_AUTH_FAILURE_LIMIT", "0"), ("BARGE_AUTH_FAILURE_WINDOW", "5m"));
        Assert.Equal((0, TimeSpan.FromMinutes(5)), (o.Auth.FailedAuthLimit, o.Auth.FailedAuthWindow));
        Assert.Equal("/tmp/x", o.DataPath);
        Assert.Equal("0.0.0.0:9000", o.Listen);
        Assert.False(o.AutoSchemaEnabled);
        Assert.Equal(("string", "int", "text"), (o.AutoSchemaDefaultString, o.AutoSchemaDefaultNumber, o.AutoSchemaDefaultDate));
        Assert.Equal("field", o.DefaultTokenization);
        Assert.Equal((500, 25), (o.QueryMaximumResults, o.QueryDefaultsLimit));
        Assert.Equal((1024L, 10, 7), (o.MaxRequestBytes, o.MaxJsonDepth, o.MaxBatchItems));
        Assert.Equal((5000L, 8388608L), (o.MaxQueuedObjects, o.MaxQueuedBytes));
        Assert.Equal(new Barge.Core.Filters.FilterLimits(11, 12, 13, 2, 14), o.FilterLimits);
        Assert.Equal("/tmp/backups", o.BackupFilesystemPath);
        Assert.Equal(3, o.MaxSortKeys);
        Assert.Equal(10, o.MaxIndexedWordBytes);
        Assert.Equal(new Barge.Server.GraphQL.GraphQLDocumentLimits(15, 16, 17), o.GraphQLLimits);
        Assert.True(o.Auth.AnonymousAccessEnabled);
        Assert.True(o.Auth.ApiKeyEnabled);
        Assert.Equal(["k1", "k2"], o.Auth.ApiKeys);
        Assert.Equal(["alice", "bob"], o.Auth.ApiKeyUsers);
        Assert.True(o.Auth.AdminListEnabled);
        Assert.Equal(["alice"], o.Auth.AdminUsers);
        Assert.Equal(["bob"], o.Auth.ReadOnlyUsers);
    }

    [Theory]
    [InlineData("on", true)]
    [InlineData("enabled", true)]
    [InlineData("1", true)]
    [InlineData("TRUE", true)]
    [InlineData("off", false)]
    [InlineData("disabled", false)]
    [InlineData("0", false)]
    [InlineData("False", false)]
    public void Booleans_accept_the_spellings_weaviate_accepts(string value, bool expected)
    {
        Assert.Equal(expected, Read(("AUTOSCHEMA_ENABLED", value)).AutoSchemaEnabled);
    }

    [Theory]
    [InlineData("AUTOSCHEMA_ENABLED", "yes please")]
    [InlineData("AUTHENTICATION_APIKEY_ENABLED", "maybe")]
    [InlineData("AUTHENTICATION_ANONYMOUS_ACCESS_ENABLED", "2")]
    [InlineData("QUERY_MAXIMUM_RESULTS", "0")]
    [InlineData("QUERY_MAXIMUM_RESULTS", "-5")]
    [InlineData("QUERY_MAXIMUM_RESULTS", "ten")]
    [InlineData("QUERY_DEFAULTS_LIMIT", "1.5")]
    [InlineData("QUERY_DEFAULTS_LIMIT", "99999999999")]
    [InlineData("BARGE_MAX_REQUEST_BYTES", "64MB")]
    [InlineData("BARGE_MAX_JSON_DEPTH", "0")]
    [InlineData("BARGE_MAX_BATCH_ITEMS", " ")]
    [InlineData("BARGE_MAX_QUEUED_OBJECTS", "0")]
    [InlineData("BARGE_MAX_QUEUED_BYTES", "256MiB")]
    [InlineData("BARGE_LISTEN", "localhost")]
    [InlineData("BARGE_LISTEN", "example.com:80")]
    [InlineData("BARGE_LISTEN", "127.0.0.1:70000")]
    [InlineData("AUTOSCHEMA_DEFAULT_NUMBER", "float")]
    [InlineData("AUTOSCHEMA_DEFAULT_STRING", "blob")]
    [InlineData("AUTOSCHEMA_DEFAULT_DATE", "datetime")]
    [InlineData("DEFAULT_TOKENIZATION", "letters")]
    [InlineData("BARGE_STORAGE", "bogus")]
    [InlineData("BARGE_MAX_INDEXED_WORD_BYTES", "0")]
    [InlineData("BARGE_MAX_INDEXED_WORD_BYTES", "-1")]
    [InlineData("BARGE_MAX_INDEXED_WORD_BYTES", "2k")]
    [InlineData("BARGE_MAX_INDEXED_WORD_BYTES", "1048577")]
    [InlineData("BARGE_STORAGE", "mysql")]
    public void Invalid_values_are_refused_naming_the_variable(string name, string value)
    {
        var ex = Assert.Throws<ArgumentException>(() => Read((name, value)));
        Assert.Contains(name, ex.Message);
        Assert.Contains(value.Trim(), ex.Message);
    }

    [Fact]
    public void The_indexed_word_limit_is_2000_by_default_and_no_higher_on_postgres()
    {
        Assert.Equal(2000, Read().MaxIndexedWordBytes);
        Assert.Equal(1_048_576, Read(("BARGE_MAX_INDEXED_WORD_BYTES", "1048576")).MaxIndexedWordBytes);
        (string, string)[] postgres = [("BARGE_STORAGE", "postgres"), ("BARGE_POSTGRES", "Host=db")];
        Assert.Equal(2000, Read([.. postgres, ("BARGE_MAX_INDEXED_WORD_BYTES", "2000")]).MaxIndexedWordBytes);
        Assert.Equal(10, Read([.. postgres, ("BARGE_MAX_INDEXED_WORD_BYTES", "10")]).MaxIndexedWordBytes);
        var ex = Assert.Throws<ArgumentException>(() => Read([.. postgres, ("BARGE_MAX_INDEXED_WORD_BYTES", "2001")]));
        Assert.Equal("BARGE_MAX_INDEXED_WORD_BYTES must be from 1 to 2000 on PostgreSQL, whose index entries hold no longer word, got 2001", ex.Message);
        // Options built in code (flags, embedding) get the same check.
        var zero = Assert.Throws<ArgumentException>(() => BargeOptionsFromEnvironment.Check(new BargeOptions { MaxIndexedWordBytes = 0 }));
        Assert.Contains("BARGE_MAX_INDEXED_WORD_BYTES", zero.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_limit_above_the_maximum_results_is_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => Read(("QUERY_MAXIMUM_RESULTS", "10"), ("QUERY_DEFAULTS_LIMIT", "20")));
        Assert.Contains("QUERY_DEFAULTS_LIMIT", ex.Message);
    }

    [Fact]
    public async Task Options_made_in_code_are_held_to_the_same_rules_when_the_server_starts()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "barge-tests", "unchecked-" + Guid.NewGuid().ToString("N"));
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => BargeServer.StartAsync(new BargeOptions
        {
            DataPath = dataPath, Listen = "127.0.0.1:0", GrpcListen = "127.0.0.1:0", QueryMaximumResults = 10, QueryDefaultsLimit = 20,
        }));
        Assert.Contains("QUERY_DEFAULTS_LIMIT", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dataPath)); // refused before the store opened
    }

    [Fact]
    public void Api_keys_enabled_without_keys_is_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => Read(("AUTHENTICATION_APIKEY_ENABLED", "true")));
        Assert.Contains("AUTHENTICATION_APIKEY_ALLOWED_KEYS", ex.Message);
    }

    [Fact]
    public void A_user_count_that_is_neither_one_nor_the_key_count_is_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => Read(
            ("AUTHENTICATION_APIKEY_ENABLED", "true"), ("AUTHENTICATION_APIKEY_ALLOWED_KEYS", "a,b,c"), ("AUTHENTICATION_APIKEY_USERS", "x,y")));
        Assert.Contains("AUTHENTICATION_APIKEY_USERS", ex.Message);
    }

    [Fact]
    public void Users_without_keys_enabled_are_not_checked()
    {
        Assert.False(Read(("AUTHENTICATION_APIKEY_USERS", "x,y")).Auth.ApiKeyEnabled);
    }

    [Fact]
    public void Journal_settings_are_read_and_invalid_ones_refused()
    {
        var o = Read(("BARGE_ENVIRONMENT", "production"), ("BARGE_JOURNAL_MAX_AGE", "12h"), ("BARGE_JOURNAL_MAX_BATCHES", "500"));
        Assert.Equal("production", o.Environment);
        Assert.Equal(TimeSpan.FromHours(12), o.JournalMaxAge);
        Assert.Equal(500, o.JournalMaxBatches);
        Assert.Equal("default", Read().Environment);
        Assert.Equal(TimeSpan.FromDays(30), Read(("BARGE_JOURNAL_MAX_AGE", "30d")).JournalMaxAge);
        Assert.Contains("BARGE_JOURNAL_MAX_AGE", Assert.Throws<ArgumentException>(() => Read(("BARGE_JOURNAL_MAX_AGE", "soon"))).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Read(("BARGE_JOURNAL_MAX_AGE", "0d")));
        Assert.Contains("BARGE_JOURNAL_MAX_BATCHES", Assert.Throws<ArgumentException>(() => Read(("BARGE_JOURNAL_MAX_BATCHES", "-1"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Storage_is_sqlite_unless_BARGE_STORAGE_says_postgres()
    {
        Assert.Equal(StorageKind.Sqlite, Read().Storage);
        Assert.Null(Read().PostgresConnectionString);
        Assert.Equal(StorageKind.Sqlite, Read(("BARGE_STORAGE", "SQLite")).Storage);
        var o = Read(("BARGE_STORAGE", "postgres"), ("BARGE_POSTGRES", "Host=db;Username=barge;Database=barge"));
        Assert.Equal(StorageKind.Postgres, o.Storage);
        Assert.Equal("Host=db;Username=barge;Database=barge", o.PostgresConnectionString);
        Assert.Equal(StorageKind.Postgres, Read(("BARGE_STORAGE", " PostgreSQL "), ("BARGE_POSTGRES", "Host=db")).Storage);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Postgres_storage_without_a_connection_string_is_refused(string? connectionString)
    {
        var vars = connectionString is null ? new[] { ("BARGE_STORAGE", "postgres") } : [("BARGE_STORAGE", "postgres"), ("BARGE_POSTGRES", connectionString)];
        var ex = Assert.Throws<ArgumentException>(() => Read(vars));
        Assert.Equal("PostgreSQL storage needs a connection string (--postgres or BARGE_POSTGRES)", ex.Message);
    }

    [Fact]
    public void A_connection_string_alone_does_not_switch_the_storage()
    {
        Assert.Equal(StorageKind.Sqlite, Read(("BARGE_POSTGRES", "Host=db")).Storage);
    }

    [Fact]
    public void The_storage_flag_is_named_when_its_value_is_wrong()
    {
        var ex = Assert.Throws<ArgumentException>(() => BargeOptionsFromEnvironment.Storage("bogus", "--storage"));
        Assert.Equal("--storage must be sqlite or postgres, not 'bogus'", ex.Message);
        Assert.Null(BargeOptionsFromEnvironment.Storage(null, "--storage"));
    }

    [Fact]
    public void The_memory_limit_takes_sizes_and_refuses_a_queue_the_heap_could_not_hold()
    {
        Assert.Equal(512L << 20, Read().MemoryLimitBytes);
        Assert.Equal(1L << 30, Read(("BARGE_MEMORY_LIMIT", "1GiB")).MemoryLimitBytes);
        Assert.Equal(600L << 20, Read(("BARGE_MEMORY_LIMIT", "600M")).MemoryLimitBytes);
        Assert.Equal(0, Read(("BARGE_MEMORY_LIMIT", "0")).MemoryLimitBytes);
        Assert.Contains("BARGE_MEMORY_LIMIT", Assert.Throws<ArgumentException>(() => Read(("BARGE_MEMORY_LIMIT", "1MiB"))).Message);
        Assert.Contains("BARGE_MEMORY_LIMIT", Assert.Throws<ArgumentException>(() => Read(("BARGE_MEMORY_LIMIT", "lots"))).Message);
        var queue = Assert.Throws<ArgumentException>(() => Read(("BARGE_MEMORY_LIMIT", "256MiB"), ("BARGE_MAX_QUEUED_BYTES", "67108864")));
        Assert.Contains("BARGE_MAX_QUEUED_BYTES (64 MiB) must be at most an eighth", queue.Message);
        Assert.Equal(32L << 20, Read(("BARGE_MEMORY_LIMIT", "256MiB"), ("BARGE_MAX_QUEUED_BYTES", "33554432")).MaxQueuedBytes);
    }
}
