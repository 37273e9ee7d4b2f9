namespace Barge.Storage.Postgres;

/// <summary>
/// Disposes <typeparamref name="T"/> synchronously on a synchronous path: the writer's jobs run a method that serves
/// both paths with every call synchronous, and a reader's asynchronous dispose may wait for the server's last
/// messages, which would leave the method incomplete when the job needs its result.
/// </summary>
internal readonly struct SyncDisposal<T>(T value, bool sync) : IAsyncDisposable where T : IDisposable, IAsyncDisposable
{
    public ValueTask DisposeAsync()
    {
        if (!sync) return value.DisposeAsync();
        value.Dispose();
        return default;
    }
}
