using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Barge.Storage.Sqlite;

/// <summary>
/// The single writer of a SQLite store. Concurrent callers enqueue work; the writer runs whatever is queued
/// in one transaction (group commit) and completes each caller only after COMMIT, so a completed task is durable.
/// SQLite allows one writer at a time anyway: serializing here avoids SQLITE_BUSY and makes read-modify-write safe.
/// </summary>
internal sealed class SqliteWriter : IAsyncDisposable
{
    /// <summary>How many queued jobs one transaction may take: bounds latency of the first caller in a group.</summary>
    private const int MaxJobsPerTransaction = 64;

    private readonly SqliteConnection _connection;
    private readonly Channel<WriteJob> _queue;
    private readonly Task _loop;
    private readonly WriteContext _context;

    public SqliteWriter(SqliteConnection connection, int queueCapacity)
    {
        _connection = connection;
        _context = new WriteContext(connection);
        _queue = Channel.CreateBounded<WriteJob>(new BoundedChannelOptions(queueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _loop = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    public async Task<T> RunAsync<T>(Func<WriteContext, T> work, CancellationToken ct)
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
        try
        {
            _context.Begin();
            for (var i = 0; i < jobs.Count; i++) results[i] = jobs[i].Run(_context);
            _context.Commit();
        }
        catch (Exception ex)
        {
            _context.Rollback();
            if (jobs.Count > 1) return false;
            jobs[0].Fail(ex);
            return true;
        }
        for (var i = 0; i < jobs.Count; i++) jobs[i].Complete(results[i]);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        _context.Dispose();
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private abstract class WriteJob
    {
        public abstract object? Run(WriteContext context);
        public abstract void Complete(object? result);
        public abstract void Fail(Exception ex);
    }

    private sealed class WriteJob<T>(Func<WriteContext, T> work) : WriteJob
    {
        private readonly TaskCompletionSource<T> _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Task<T> Task => _tcs.Task;
        public override object? Run(WriteContext context) => work(context);
        public override void Complete(object? result) => _tcs.TrySetResult((T)result!);
        public override void Fail(Exception ex) => _tcs.TrySetException(ex);
    }
}

/// <summary>The writer's connection, its current transaction, and prepared statements reused across transactions.</summary>
internal sealed class WriteContext(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);
    public SqliteConnection Connection { get; } = connection;
    public SqliteTransaction? Transaction { get; private set; }
    public IndexRows Index { get; } = new();

    public void Begin() => Transaction = Connection.BeginTransaction(deferred: false);

    public void Commit()
    {
        Transaction!.Commit();
        Transaction.Dispose();
        Transaction = null;
    }

    public void Rollback()
    {
        try { Transaction?.Rollback(); }
        catch (SqliteException) { /* the transaction may already be gone after a fatal error */ }
        Index.ForgetUncommitted();
        Transaction?.Dispose();
        Transaction = null;
    }

    private readonly Dictionary<string, PreparedStatement> _statements = new(StringComparer.Ordinal);

    /// <summary>
    /// A prepared statement whose parameters are created once (named <c>$p0</c>, <c>$p1</c>, …) and only get new
    /// values per execution: on the hot path this avoids re-creating parameters and looking them up by name.
    /// </summary>
    public PreparedStatement Statement(string sql, int parameterCount)
    {
        if (!_statements.TryGetValue(sql, out var statement))
        {
            var cmd = Connection.CreateCommand();
            cmd.CommandText = sql;
            for (var i = 0; i < parameterCount; i++) cmd.Parameters.Add(new SqliteParameter("$p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), null));
            _statements[sql] = statement = new PreparedStatement(cmd);
        }
        statement.Command.Transaction = Transaction;
        return statement;
    }

    /// <summary>A prepared command for this SQL, bound to the current transaction (parameters bound by name by the caller).</summary>
    public SqliteCommand Command(string sql)
    {
        if (!_prepared.TryGetValue(sql, out var cmd))
        {
            cmd = Connection.CreateCommand();
            cmd.CommandText = sql;
            _prepared[sql] = cmd;
        }
        cmd.Transaction = Transaction;
        return cmd;
    }

    public void Dispose()
    {
        foreach (var cmd in _prepared.Values) cmd.Dispose();
        foreach (var statement in _statements.Values) statement.Command.Dispose();
    }
}

/// <summary>A command with positional parameters <c>$p0..$pN</c> created once; see <see cref="WriteContext.Statement"/>.</summary>
internal sealed class PreparedStatement(SqliteCommand command)
{
    public SqliteCommand Command { get; } = command;

    public PreparedStatement Set(int index, object? value)
    {
        Command.Parameters[index].Value = value ?? DBNull.Value;
        return this;
    }
}
