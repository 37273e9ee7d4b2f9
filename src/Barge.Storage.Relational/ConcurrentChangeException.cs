namespace Barge.Storage.Relational;

/// <summary>
/// A row read in this transaction changed before it was written, which only another process writing the same
/// database can do: a store where that can happen runs the transaction again (PostgreSQL's writer), since the retry
/// re-reads what the other one committed.
/// </summary>
public sealed class ConcurrentChangeException(string message) : Exception(message);
