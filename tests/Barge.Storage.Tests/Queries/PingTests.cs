using Barge.Core.Storage;
using Barge.Storage.Tests.Backends;
using Barge.Storage.Tests.Writes;

namespace Barge.Storage.Tests.Queries;

public sealed class PingTestsOnSqlite() : PingTests(StoreBackend.Sqlite);

public sealed class PingTestsOnPostgres() : PingTests(StoreBackend.Postgres);

/// <summary><see cref="IObjectStore.PingAsync"/>, what readiness asks: it answers on an open store and can be given up.</summary>
public abstract class PingTests(StoreBackend backend) : IAsyncLifetime
{
    private OpenedStore? _opened;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_opened is not null) await _opened.DisposeAsync();
    }

    [Fact]
    public async Task Ping_answers_on_an_open_store_and_honours_cancellation()
    {
        _opened = await backend.OpenAsync(TestClasses.Lookup(TestClasses.Doc));
        await _opened.Store.PingAsync();
        await _opened.Store.SaveClassAsync(TestClasses.Doc);
        await _opened.Store.PingAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _opened.Store.PingAsync(cancelled.Token));
    }
}
