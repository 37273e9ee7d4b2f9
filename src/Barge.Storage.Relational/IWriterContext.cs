namespace Barge.Storage.Relational;

/// <summary>
/// What <see cref="GroupCommitWriter{TContext}"/> needs of a store's write context: its transaction, and its release
/// (connection and prepared statements) once the writer has stopped.
/// </summary>
public interface IWriterContext : IAsyncDisposable
{
    void Begin();
    void Commit();
    void Rollback();
}
