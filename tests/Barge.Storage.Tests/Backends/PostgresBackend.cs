using Barge.Core.Schema;

namespace Barge.Storage.Tests.Backends;

/// <summary>
/// The PostgreSQL store, each test on a fresh schema of the <c>BARGE_TEST_POSTGRES</c> server
/// (<see cref="PostgresTestDatabase"/>, which also serves the PostgreSQL-only tests under Postgres/).
/// </summary>
public sealed class PostgresBackend : StoreBackend
{
    public override async Task<OpenedStore> OpenAsync(Func<string, ClassDefinition?> classes)
    {
        var db = await PostgresTestDatabase.CreateAsync();
        return await OpenedStore.OpenAsync(async () => await db.OpenAsync(classes), db.DisposeAsync);
    }

    public override string ToString() => "PostgreSQL";
}
