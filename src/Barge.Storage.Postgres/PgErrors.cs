using Barge.Core.Errors;
using Barge.Storage.Relational;
using Npgsql;

namespace Barge.Storage.Postgres;

/// <summary>SQLSTATEs the store reacts to (names as in Npgsql's PostgresErrorCodes).</summary>
internal static class PgErrors
{
    /// <summary>
    /// Another node wrote the same rows at the same moment: running the transaction again re-reads their state and
    /// succeeds (an upsert then replaces the row the other node wrote).
    /// </summary>
    public static bool IsConflict(Exception ex) => ex switch
    {
        PostgresException pg => pg.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DeadlockDetected
            or PostgresErrorCodes.SerializationFailure,
        ConcurrentChangeException => true,
        _ => false,
    };

    /// <summary>
    /// The database server's disk is full (53100 disk_full) or it refuses writes (25006 read_only_sql_transaction, a
    /// standby or <c>default_transaction_read_only</c>) as <see cref="OutOfSpaceException"/>, a server out of reach as
    /// <see cref="StoreUnavailableException"/>; anything else as it is.
    /// </summary>
    public static Exception Translate(Exception error) => error switch
    {
        PostgresException { SqlState: PostgresErrorCodes.DiskFull } => OutOfSpaceException.DiskFull(error),
        PostgresException { SqlState: PostgresErrorCodes.ReadOnlySqlTransaction } => OutOfSpaceException.ReadOnly(error),
        // The server went away mid-write: a retry may succeed, and the socket's or server's text is not for clients.
        _ when IsUnavailable(error) => new StoreUnavailableException(error),
        _ => error,
    };

    /// <summary>
    /// A filtered read PostgreSQL refused for one of its program limits (SQLSTATE class 54: statement too complex,
    /// too many arguments, stack depth), as <see cref="Relational.FilterRefusal"/>'s 422; null for anything else.
    /// </summary>
    public static Exception? RefusedQuery(Exception error) => error switch
    {
        PostgresException { SqlState: var state } when state.StartsWith("54", StringComparison.Ordinal) =>
            Relational.FilterRefusal.Refused("PostgreSQL", "it is larger or deeper than one statement may be"),
        _ => null,
    };

    /// <summary>The server is starting, shutting down or unreachable: worth waiting for at start-up.</summary>
    public static bool IsUnavailable(Exception ex) => ex switch
    {
        PostgresException pg => pg.SqlState is PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections
            or PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown || pg.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException => true, // socket and protocol errors: not a server-side refusal
        TimeoutException or System.Net.Sockets.SocketException or IOException => true,
        _ => false,
    };
}
