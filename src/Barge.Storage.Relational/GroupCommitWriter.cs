using System.Diagnostics;
using System.Threading.Channels;

namespace Barge.Storage.Relational;

/// <summary>
/// The single writer of a store process, shared by the SQLite and PostgreSQL stores. Concurrent callers enqueue work;
/// the writer runs whatever is queued in one transaction (group commit) and completes each caller only after COMMIT,
/// so a completed task is durable. A group that fails as a whole is split so that each job succeeds or fails alone.
/// The store's <typeparamref name="TContext"/> runs the transaction; the store decides which failures are worth
/// running again (the default: none).
/// </summary>
public abstract class GroupCommitWriter<TContext> : IAsyncDisposable where TContext : IWriterContext
{
    /// <summary>How many queued jobs one transaction may take: bounds latency of the first caller in a group.</summary>
    private const int MaxJobsPerTransaction = 64;

    private readonly Channel<WriteJob> _queue;
    private readonly Task _loop;

    protected GroupCommitWriter(TContext context, int queueCapacity)
    {
        Context = context;
        // Batches are bounded before they get here (Journal.WriteAdmission: refused, not queued, past the bound). The
        // capacity only holds back what is never refused: a journal row of an admitted batch, a schema change, a
        // single-object write, the store's own background jobs.
        _queue = Channel.CreateBounded<WriteJob>(new BoundedChannelOptions(queueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        // Synchronous database calls on a thread of its own: the loop never waits on anything else.
        _loop = Task.Factory.StartNew(RunLoopAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>The connection and transaction state jobs run against; only the writer's thread touches it.</summary>
    protected TContext Context { get; }

    /// <summary>
    /// Runs <paramref name="work"/> in a writer transaction. It may run more than once (where the store retries
    /// failures, see <see cref="IsRetryable"/>), never half.
    /// </summary>
    public Task<T> RunAsync<T>(Func<TContext, T> work, CancellationToken ct) => EnqueueAsync(new WriteJob<T>(work, alone: false), ct);

    /// <summary>
    /// As <see cref="RunAsync{T}"/>, in a transaction of its own: <paramref name="work"/> starts from the committed
    /// state alone, with nothing of other jobs in its transaction (a delete-by-query that matches through the index
    /// published at commit must not run after a neighbour's uncommitted writes, which that index does not show yet).
    /// </summary>
    public Task<T> RunAloneAsync<T>(Func<TContext, T> work, CancellationToken ct) => EnqueueAsync(new WriteJob<T>(work, alone: true), ct);

    private async Task<T> EnqueueAsync<T>(WriteJob<T> job, CancellationToken ct)
    {
        await _queue.Writer.WriteAsync(job, ct).ConfigureAwait(false);
        return await job.Task.ConfigureAwait(false);
    }

    /// <summary>
    /// Whether the transaction that failed with <paramref name="error"/> may be run again from scratch. Asked before
    /// the rollback, so that the context still shows the state the failure left. <paramref name="committing"/>: the
    /// failure came from COMMIT itself, whose outcome may be unknown.
    /// </summary>
    protected virtual bool IsRetryable(TContext context, Exception error, bool committing) => false;

    /// <summary>How many times in all a transaction of <paramref name="jobCount"/> jobs may run when its failures are retryable.</summary>
    protected virtual int MaxAttempts(int jobCount) => 1;

    /// <summary>
    /// The failure the caller sees for <paramref name="error"/>: a store turns its driver's errors that Core has a type
    /// for (a full disk) into that type here, in one place; the default passes it on as it is.
    /// </summary>
    protected virtual Exception Translate(Exception error) => error;

    /// <summary>Called on the writer's thread after the rollback of failed attempt <paramref name="attempt"/>, before the next.</summary>
    protected virtual void BeforeRetry(int attempt) { }

    private async Task RunLoopAsync()
    {
        var group = new List<WriteJob>(MaxJobsPerTransaction);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            while (group.Count < MaxJobsPerTransaction && _queue.Reader.TryPeek(out var next))
            {
                // A job that runs alone ends the group before it, and starts one that ends with it.
                if (next.Alone && group.Count > 0) break;
                _queue.Reader.TryRead(out _);
                group.Add(next);
                if (next.Alone) break;
            }
            if (group.Count == 0) continue;
            if (!TryRunInOneTransaction(group))
            {
                // Something in the group failed as a whole: isolate it so that neighbours still land.
                foreach (var job in group) TryRunInOneTransaction([job]);
            }
        }
    }

    /// <summary>Runs the jobs in one transaction; on success completes them all, on failure of a lone job fails it.</summary>
    private bool TryRunInOneTransaction(List<WriteJob> jobs)
    {
        var results = new object?[jobs.Count];
        var maxAttempts = MaxAttempts(jobs.Count);
        for (var attempt = 1; ; attempt++)
        {
            var committing = false;
            var began = Stopwatch.GetTimestamp();
            try
            {
                Context.Begin();
                for (var i = 0; i < jobs.Count; i++) results[i] = jobs[i].Run(Context);
                committing = true;
                Context.Commit();
                // Once per transaction, never per job or object: free when no exporter listens.
                WriterMetrics.GroupCommitSize.Record(jobs.Count);
                WriterMetrics.CommitDuration.Record(Stopwatch.GetElapsedTime(began).TotalSeconds);
                break;
            }
            catch (Exception ex)
            {
                var retry = IsRetryable(Context, ex, committing);
                Context.Rollback();
                if (retry && attempt < maxAttempts)
                {
                    BeforeRetry(attempt);
                    continue;
                }
                if (jobs.Count > 1) return false;
                jobs[0].Fail(Translate(ex));
                return true;
            }
        }
        for (var i = 0; i < jobs.Count; i++) jobs[i].Complete(results[i]);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        await Context.DisposeAsync().ConfigureAwait(false);
    }

    private abstract class WriteJob(bool alone)
    {
        /// <summary>Runs in a transaction of its own (see <see cref="RunAloneAsync{T}"/>).</summary>
        public bool Alone { get; } = alone;
        public abstract object? Run(TContext context);
        public abstract void Complete(object? result);
        public abstract void Fail(Exception ex);
    }

    private sealed class WriteJob<T>(Func<TContext, T> work, bool alone) : WriteJob(alone)
    {
        private readonly TaskCompletionSource<T> _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Task<T> Task => _tcs.Task;
        public override object? Run(TContext context) => work(context);
        public override void Complete(object? result) => _tcs.TrySetResult((T)result!);
        public override void Fail(Exception ex) => _tcs.TrySetException(ex);
    }
}
