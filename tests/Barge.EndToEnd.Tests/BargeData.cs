using Barge.Testing;

namespace Barge.EndToEnd.Tests;

/// <summary>
/// Where a <c>barge serve</c> under test keeps its data, kept across restarts of the process: a fresh SQLite data
/// folder, or with <c>BARGE_TEST_STORAGE=postgres</c> a fresh schema on the <c>BARGE_TEST_POSTGRES</c> server
/// (<see cref="TestStorage"/>). Disposing it deletes the folder or drops the schema.
/// </summary>
public sealed class BargeData : IAsyncDisposable
{
    private readonly string? _folder;
    private readonly PostgresSchema? _schema;

    private BargeData(string? folder, PostgresSchema? schema)
    {
        _folder = folder;
        _schema = schema;
    }

    /// <summary>The <c>barge serve</c> arguments that select this data: <c>--data</c>, or <c>--storage postgres --postgres</c>.</summary>
    public IReadOnlyList<string> ServeArguments => _schema is not null
        ? ["--storage", "postgres", "--postgres", _schema.ConnectionString]
        : ["--data", _folder!];

    /// <summary>The connection string of the PostgreSQL schema (with its search path), or null for a SQLite folder.</summary>
    public string? PostgresConnectionString => _schema?.ConnectionString;

    /// <summary>Fresh data on the backend <c>BARGE_TEST_STORAGE</c> selects.</summary>
    public static async Task<BargeData> CreateAsync() =>
        TestStorage.UsePostgres ? new BargeData(null, await PostgresSchema.CreateAsync()) : CreateSqlite();

    /// <summary>
    /// A fresh PostgreSQL schema whatever <c>BARGE_TEST_STORAGE</c> says, for tests of what only a shared database
    /// offers (several nodes). Without <c>BARGE_TEST_POSTGRES</c> the test skips, saying how to get a server, except
    /// under <c>CI=true</c>, where it fails. Call it in the test body (<see cref="Skip"/> works only there).
    /// </summary>
    public static async Task<BargeData> CreatePostgresAsync()
    {
        var missing = string.IsNullOrEmpty(Environment.GetEnvironmentVariable(TestStorage.PostgresVariable));
        if (missing && Environment.GetEnvironmentVariable("CI") == "true")
            throw new InvalidOperationException($"{TestStorage.PostgresVariable} is not set, and under CI=true the PostgreSQL tests must run: {TestStorage.HowToStartPostgres}");
        Assert.SkipWhen(missing, $"this test needs PostgreSQL: {TestStorage.HowToStartPostgres}");
        return new BargeData(null, await PostgresSchema.CreateAsync());
    }

    /// <summary>A fresh SQLite data folder, whatever <c>BARGE_TEST_STORAGE</c> says.</summary>
    public static BargeData CreateSqlite()
    {
        var path = Path.Combine(Path.GetTempPath(), "barge-e2e", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return new BargeData(path, null);
    }

    public override string ToString() => _schema is not null ? $"PostgreSQL schema {_schema.Name}" : $"SQLite folder {_folder}";

    public async ValueTask DisposeAsync()
    {
        if (_schema is not null) await _schema.DisposeAsync();
        if (_folder is not null)
        {
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
