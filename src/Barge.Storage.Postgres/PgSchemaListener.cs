using Npgsql;

namespace Barge.Storage.Postgres;

/// <summary>
/// Listens on <c>barge_schema</c> on a connection of its own and reports notifications whose payload is this store's
/// schema (several Barge databases may share one PostgreSQL database in different schemas). When the connection drops
/// it reconnects and reports a change, since notifications sent meanwhile are lost.
/// </summary>
internal sealed class PgSchemaListener : IAsyncDisposable
{
    public const string Channel = "barge_schema";
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    private readonly NpgsqlDataSource _data;
    private readonly Action _changed;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _loop;

    public PgSchemaListener(NpgsqlDataSource data, Action changed)
    {
        _data = data;
        _changed = changed;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Completes once LISTEN is in place (or the listener stops), so that no change after start-up is missed.</summary>
    public Task Listening => _listening.Task;

    private async Task RunAsync()
    {
        var reconnected = false;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await using var c = await _data.OpenConnectionAsync(_stop.Token).ConfigureAwait(false);
                await using (var cmd = new NpgsqlCommand($"LISTEN {Channel}", c)) await cmd.ExecuteNonQueryAsync(_stop.Token).ConfigureAwait(false);
                string? schema;
                await using (var cmd = new NpgsqlCommand("SELECT current_schema()", c)) schema = await cmd.ExecuteScalarAsync(_stop.Token).ConfigureAwait(false) as string;
                c.Notification += (_, e) =>
                {
                    if (e.Payload == schema) Report();
                };
                _listening.TrySetResult();
                if (reconnected) Report();
                while (!_stop.IsCancellationRequested) await c.WaitAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested) { break; }
            catch (Exception) // whatever broke the connection, listening goes on with a new one
            {
                reconnected = true;
                try { await Task.Delay(ReconnectDelay, _stop.Token).ConfigureAwait(false); }
                catch (OperationCanceledException) { break; }
            }
        }
        _listening.TrySetResult();
    }

    /// <summary>A failing subscriber must not stop the listening of the others.</summary>
    private void Report()
    {
        try { _changed(); }
        catch (Exception) { /* the subscriber's own failure; it reloads on the next change */ }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
