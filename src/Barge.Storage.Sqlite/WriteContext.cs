using Barge.Core.Storage;
using Barge.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace Barge.Storage.Sqlite;

/// <summary>
/// The writer's connection (owned: disposed with the context), its current transaction, and prepared statements
/// reused across transactions. <paramref name="afterCommit"/> runs on the writer's thread after each commit.
/// </summary>
internal sealed class WriteContext(SqliteConnection connection, IndexRows index, Action afterCommit) : IWriterContext
{
    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);
    public SqliteConnection Connection { get; } = connection;
    public SqliteTransaction? Transaction { get; private set; }
    public IndexRows Index { get; } = index;

    public void Begin() => Transaction = Connection.BeginTransaction(deferred: false);

    public void Commit()
    {
        Transaction!.Commit();
        Transaction.Dispose();
        Transaction = null;
        // Before the writer answers the transaction's callers: a filter they issue next must see its objects.
        Index.Committed();
        afterCommit();
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
    /// values per execution. Microsoft.Data.Sqlite still finds each parameter by name when it binds; statements that
    /// run for every object or index row use <see cref="Raw"/> instead.
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

    private readonly Dictionary<string, RawStatement> _raw = new(StringComparer.Ordinal);

    /// <summary>A statement for this SQL driven through the raw API, parameters bound by position (see <see cref="RawStatement"/>).</summary>
    public RawStatement Raw(string sql)
    {
        if (!_raw.TryGetValue(sql, out var statement)) _raw[sql] = statement = new RawStatement(Connection, sql);
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

    public async ValueTask DisposeAsync()
    {
        foreach (var statement in _raw.Values) statement.Dispose();
        foreach (var cmd in _prepared.Values) cmd.Dispose();
        foreach (var statement in _statements.Values) statement.Command.Dispose();
        await Connection.DisposeAsync().ConfigureAwait(false);
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
