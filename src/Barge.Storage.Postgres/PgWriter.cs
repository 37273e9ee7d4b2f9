using System.Threading.Channels;

namespace Barge.Storage.Postgres;

/// <summary>
/// The single writer of this process (as SqliteWriter): concurrent callers enqueue work; the writer runs whatever is
/// queued in one transaction (group commit) and completes each caller only after COMMIT, so a completed task is
/// durable. Other nodes write the same database: a group that collides with one of them (unique violation, deadlock,
/// serialization failure) is run again from scratch, since the retry re-reads what the other node committed. A
/// group that still fails is split so that each job succeeds or fails alone.
/// </summary>
internal sealed class PgWriter : IAsyncDisposable
{
    /// <summary>How many queued jobs one transaction may take: bounds latency of the first caller in a group.</summary>
    private const int MaxJobsPerTransaction = 64;
    /// <summary>
    /// A group that collides is split soon. Each job of a group locks its rows when it flushes, so two nodes whose
    /// groups hold the same objects in different jobs lock them in different orders and deadlock again if retried
    /// as they are; alone, a job locks its rows in one statement, in id order.
    /// </summary>
    private const int GroupAttempts = 2;
    /// <summary>A lone job is retried longer: its caller would otherwise see another node's concurrent write as a failure.</summary>
    private const int JobAttempts = 12;

    private readonly PgWriteContext _context;
    private readonly Channel<WriteJob> _queue;
    private readonly Task _loop;

    public PgWriter(PgWriteContext context, int queueCapacity)
    {
        _context = context;
        _queue = Channel.CreateBounded<WriteJob>(new BoundedChannelOptions(queueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        // Synchronous Npgsql calls on a thread of its own: the loop never waits on anything else.
        _loop = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>Runs <paramref name="work"/> in a writer transaction. It may run more than once (conflict retries), never half.</summary>
    public async Task<T> RunAsync<T>(Func<PgWriteContext, T> work, CancellationToken ct)
    {
        var job = new WriteJob<T>(work);
        await _queue.Writer.WriteAsync(job, ct).ConfigureAwait(false);
        return await job.Task.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var group = new List<WriteJob>(MaxJobsPerTransaction);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            while (group.Count < MaxJobsPerTransaction && _queue.Reader.TryRead(out var job)) group.Add(job);
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
        var maxAttempts = jobs.Count > 1 ? GroupAttempts : JobAttempts;
        for (var attempt = 1; ; attempt++)
        {
            var committing = false;
            try
            {
                _context.Begin();
                for (var i = 0; i < jobs.Count; i++) results[i] = jobs[i].Run(_context);
                committing = true;
                _context.Commit();
                break;
            }
            catch (Exception ex)
            {
                // A connection cut before COMMIT (server restart, network) lost nothing: run again on a new one. Cut
                // during COMMIT, the outcome is unknown, and running again could report a created object as existing.
                var retry = PgErrors.IsConflict(ex) || (_context.IsBroken && !committing);
                _context.Rollback();
                if (retry && attempt < maxAttempts)
                {
                    // Jittered and growing: two nodes that collided should not collide again in lockstep.
                    Thread.Sleep(Random.Shared.Next(5, 10 + 20 * Math.Min(attempt, 8)));
                    continue;
                }
                if (jobs.Count > 1) return false;
                jobs[0].Fail(ex);
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
        await _context.DisposeAsync().ConfigureAwait(false);
    }

    private abstract class WriteJob
    {
        public abstract object? Run(PgWriteContext context);
        public abstract void Complete(object? result);
        public abstract void Fail(Exception ex);
    }

    private sealed class WriteJob<T>(Func<PgWriteContext, T> work) : WriteJob
    {
        private readonly TaskCompletionSource<T> _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Task<T> Task => _tcs.Task;
        public override object? Run(PgWriteContext context) => work(context);
        public override void Complete(object? result) => _tcs.TrySetResult((T)result!);
        public override void Fail(Exception ex) => _tcs.TrySetException(ex);
    }
}
