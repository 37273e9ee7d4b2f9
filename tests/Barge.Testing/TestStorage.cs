namespace Barge.Testing;

/// <summary>
/// The backend the server, end-to-end and compat tests run on, switched by <c>BARGE_TEST_STORAGE</c>
/// (<c>sqlite</c>, the default, or <c>postgres</c>); the PostgreSQL server comes from <c>BARGE_TEST_POSTGRES</c>.
/// One switch, not copies of tests: CI runs the whole solution once per backend.
/// </summary>
public static class TestStorage
{
    public const string StorageVariable = "BARGE_TEST_STORAGE";
    public const string PostgresVariable = "BARGE_TEST_POSTGRES";

    /// <summary>How to get a server, for every message that needs one.</summary>
    public const string HowToStartPostgres =
        "start a throwaway one with `tools/postgres-throwaway start /tmp/barge-postgres` (it prints the connection string " +
        "as its last line), then `export BARGE_TEST_POSTGRES='<that line>'` (stop it with `tools/postgres-throwaway stop /tmp/barge-postgres`)";

    private static readonly Lazy<bool> UsePostgresValue = new(() => Environment.GetEnvironmentVariable(StorageVariable)?.Trim().ToLowerInvariant() switch
    {
        null or "" or "sqlite" => false,
        "postgres" or "postgresql" => true,
        var other => throw new InvalidOperationException($"{StorageVariable} must be sqlite or postgres, not '{other}'"),
    });

    /// <summary>True when <c>BARGE_TEST_STORAGE=postgres</c>: tests that may run on either backend run on PostgreSQL.</summary>
    public static bool UsePostgres => UsePostgresValue.Value;

    /// <summary>The PostgreSQL server tests create their schemas on (<c>BARGE_TEST_POSTGRES</c>); throws, saying how to start one, when unset.</summary>
    public static string PostgresConnectionString =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{PostgresVariable} is not set, so the tests have no PostgreSQL server: {HowToStartPostgres}");
}
