namespace Barge.Storage.Relational;

/// <summary>
/// Runs one writer job again and again in the background until disposed (the index garbage collection of both
/// stores). The job returns how much it did: a full round means more is waiting, so the next runs at once, leaving
/// the writer to queued batches in between; anything less waits <c>idleDelay</c> first.
/// </summary>
public sealed class RepeatingWriterJob<TContext> : IAsyncDisposable where TContext : IWriterContext
{
    private readonly GroupCommitWriter<TContext> _writer;
    private readonly Func<TContext, int> _job;
    private readonly int _fullRound;
    private readonly TimeSpan _idleDelay;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public RepeatingWriterJob(GroupCommitWriter<TContext> writer, Func<TContext, int> job, int fullRound, TimeSpan idleDelay)
    {
        _writer = writer;
        _job = job;
        _fullRound = fullRound;
        _idleDelay = idleDelay;
        _loop = Task.Run(RunAsync);
    }

    private async Task RunAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                int done;
                try
                {
                    done = await _writer.RunAsync(_job, _stop.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not (OperationCanceledException or ObjectDisposedException or System.Threading.Channels.ChannelClosedException))
                {
                    // A failed round (the database busy, restarting, a conflict) must not end the job for good: try again later.
                    done = 0;
                }
                if (done < _fullRound) await Task.Delay(_idleDelay, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) { /* stopping */ }
        catch (Exception ex) when (ex is ObjectDisposedException or System.Threading.Channels.ChannelClosedException) { /* the writer stopped first */ }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
