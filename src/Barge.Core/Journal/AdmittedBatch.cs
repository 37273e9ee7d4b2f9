using Barge.Core.Storage;

namespace Barge.Core.Journal;

/// <summary>
/// A batch admitted to the write path by <see cref="BatchJournal.Admit"/>: it holds its share of the bound on queued
/// work until it is disposed, which its caller does once the batch is answered.
/// </summary>
public sealed class AdmittedBatch : IDisposable
{
    private readonly BatchJournal _journal;
    private readonly QueueBound.Admission? _admission;

    internal AdmittedBatch(BatchJournal journal, BatchRequest request, QueueBound.Admission? admission)
    {
        _journal = journal;
        Request = request;
        _admission = admission;
    }

    public BatchRequest Request { get; }

    /// <summary>Runs the batch under the journal (see <see cref="BatchJournal"/>).</summary>
    /// <param name="settle">
    /// Maps the outcomes of <paramref name="commands"/> (null when nothing is written) to one result per item of the
    /// request. It runs inside the writer when data is written, so it must be quick, must not throw, and may run twice.
    /// </param>
    public Task<JournaledResult> RunAsync(long startedMs, IReadOnlyList<WriteCommand> commands,
        Func<IReadOnlyList<WriteOutcome>?, IReadOnlyList<JournalItem>> settle, CancellationToken ct) =>
        _journal.RunAsync(Request, startedMs, commands, settle, ct);

    /// <summary>
    /// Runs a batch whose items the store finds inside its write transaction (delete-by-query's matches), so that
    /// finding and writing them see the same state: <paramref name="write"/> writes with the <see cref="WriterBatch"/>
    /// it is given, calling its completion from inside the writer. A dry run writes nothing: <paramref name="dryRun"/>
    /// lists its items instead.
    /// </summary>
    /// <param name="mostItems">The most items the batch can hold (counted as waiting while it is written).</param>
    public Task<JournaledResult> RunInWriterAsync(long startedMs, int mostItems, Func<CancellationToken, Task<IReadOnlyList<JournalItem>>> dryRun,
        Func<WriterBatch, CancellationToken, Task> write, CancellationToken ct) =>
        _journal.RunInWriterAsync(Request, startedMs, mostItems, dryRun, write, ct);

    public void Dispose() => _admission?.Dispose();
}
