using Barge.Core.Schema;
using Barge.Core.Storage;
using Barge.Storage.Relational;
using Npgsql;

namespace Barge.Storage.Postgres;

/// <summary>
/// The writer's connection and current transaction, with what the writer caches between transactions: index field
/// ids and class vector lengths. Both caches are dropped on rollback (rows created by the rolled-back transaction are
/// gone) and when another node may have deleted a class (<see cref="ForgetSchemaCaches"/>).
/// </summary>
internal sealed class PgWriteContext(NpgsqlDataSource data, Func<string, ClassDefinition?>? classes = null) : IWriterContext
{
    private NpgsqlConnection? _connection;
    private int _schemaEpochSeen;
    private readonly PgObjectStatistics _statistics = new();
    private int _schemaEpoch;

    public NpgsqlConnection Connection => _connection ?? throw new InvalidOperationException("no open transaction");
    public NpgsqlTransaction Transaction { get; private set; } = null!;
    public PgIndexFields Fields { get; } = new();
    public PgVectorDimensions Vectors { get; } = new();
    public PgPendingRows Pending { get; } = new(classes ?? (_ => null)); // without classes: no keyword rows (a writer only run for its SQL)

    /// <summary>Whether the connection died (Begin will replace it).</summary>
    public bool IsBroken => _connection is { State: not System.Data.ConnectionState.Open };

    /// <summary>Called from any thread when the schema changed somewhere: caches are dropped before the next transaction.</summary>
    public void ForgetSchemaCaches() => Interlocked.Increment(ref _schemaEpoch);

    public void Begin()
    {
        // A connection broken by a server restart or a network cut is replaced instead of failing every later write.
        if (IsBroken)
        {
            _connection!.Dispose();
            _connection = null;
        }
        _connection ??= data.OpenConnection();
        var epoch = Volatile.Read(ref _schemaEpoch);
        if (epoch != _schemaEpochSeen)
        {
            _schemaEpochSeen = epoch;
            ForgetUncommitted();
        }
        Transaction = _connection.BeginTransaction();
    }

    public void Commit()
    {
        Transaction.Commit();
        Transaction.Dispose();
        Transaction = null!;
        _statistics.Committed(_connection!);
    }

    /// <summary>Object rows this transaction inserted or deleted (see <see cref="PgObjectStatistics"/>).</summary>
    public void ObjectRowsChanged(int count) => _statistics.Changed(count);

    public void Rollback()
    {
        _statistics.RolledBack();
        try { Transaction?.Rollback(); }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException) { /* the connection may be gone: Begin replaces it */ }
        Transaction?.Dispose();
        Transaction = null!;
        ForgetUncommitted();
    }

    /// <summary>After a rollback (or to a savepoint): ids and rows of the work that is gone.</summary>
    public void ForgetUncommitted()
    {
        Fields.Forget();
        Vectors.Forget();
        Pending.Clear();
    }

    public NpgsqlCommand Command(string sql) => new(sql, Connection, Transaction);

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
