using System.Collections.Concurrent;
using Barge.Core.Objects;
using Barge.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Barge.Core.Journal;

/// <summary>A batch once journaled: its journal seq and its public id.</summary>
public sealed record BatchRun(long Seq, string Id);

/// <summary>The final per-item results of a journaled batch, with the batch that produced them.</summary>
public sealed record JournaledResult(BatchRun Run, IReadOnlyList<JournalItem> Items);

/// <summary>
/// Runs one batch of write commands under the journal, for every dialect: inserts the <c>running</c> row (which
/// also claims the batch id and idempotency key), writes the commands with the completion in the same transaction,
/// and applies the rules that are the same everywhere: dry runs and refused atomic batches write nothing, an atomic
/// batch with a failed item fails every item and names the guilty ones, the status follows the counts. Every batch
/// that began ends here, so this is also where it is logged and counted (<see cref="BatchTelemetry"/>).
/// A batch runs once admitted (<see cref="Admit"/>), so that none can skip the bound on queued work.
/// </summary>
public sealed class BatchJournal(IObjectStore store, IBatchJournalStore journal, IngestMeter meter, WriteAdmission admission, TimeProvider clock, ILogger<BatchJournal> log)
{
    private long Now => clock.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// Ends of failed batches that the journal could not record: what fails a batch's write (a full disk) can fail the
    /// journal's own write of that failure too. They are recorded before the next batch begins, so that a row does not
    /// say "running" while the server runs on; a restart marks what is still left as interrupted
    /// (<see cref="JournalService.FailRunningAsync"/>).
    /// </summary>
    private readonly ConcurrentQueue<JournalCompletion> _unrecorded = new();

    /// <summary>
    /// Admits a batch of <paramref name="items"/> to the write path (<see cref="WriteAdmission.Objects"/>): call it first
    /// thing, before anything of the batch is prepared (auto-schema writes too), and run the batch with what it returns.
    /// Throws <see cref="Errors.OverloadedException"/> when the queue is full. A refused batch is not journaled: it never
    /// started, its id and idempotency key stay free for its retry, and a store already behind is not asked to write
    /// about what it could not take. A dry run writes no objects and is not counted.
    /// </summary>
    public AdmittedBatch Admit(BatchRequest request, int items) =>
        new(this, request, request.DryRun ? null : admission.Objects.Admit(items));

    /// <summary>Runs an admitted batch: see <see cref="AdmittedBatch.RunAsync"/>.</summary>
    internal Task<JournaledResult> RunAsync(BatchRequest request, long startedMs, IReadOnlyList<WriteCommand> commands,
        Func<IReadOnlyList<WriteOutcome>?, IReadOnlyList<JournalItem>> settle, CancellationToken ct)
    {
        // Settled before writing when nothing will be written, or when an atomic batch may already be refused; a batch
        // that writes is otherwise settled once, inside the writer, from the outcomes.
        var writes = !request.DryRun && commands.Count > 0;
        return RunAsync(request, startedMs, commands.Count,
            _ => Task.FromResult(writes && !request.Atomic ? null : settle(null)),
            (writer, token) => store.WriteAsync(commands, new WriteOptions(writer.Seq, writer.Atomic, outcomes => writer.Complete(settle(outcomes))), token),
            ct);
    }

    /// <summary>Runs an admitted batch whose items the store finds inside its write transaction: see <see cref="AdmittedBatch.RunInWriterAsync"/>.</summary>
    internal Task<JournaledResult> RunInWriterAsync(BatchRequest request, long startedMs, int mostItems,
        Func<CancellationToken, Task<IReadOnlyList<JournalItem>>> dryRun, Func<WriterBatch, CancellationToken, Task> write, CancellationToken ct) =>
        RunAsync(request, startedMs, mostItems,
            async token => request.DryRun ? await dryRun(token).ConfigureAwait(false) : null,
            write, ct);

    /// <param name="items">The items the batch holds, or at most holds (counted as waiting while it is written).</param>
    /// <param name="plan">
    /// The items settled before anything is written, or null when the batch is to be written. Settled items end the
    /// batch without a write when the batch writes nothing (a dry run) or when any failed (an atomic refusal).
    /// </param>
    /// <param name="write">Writes the batch with the completion of its items in the same transaction.</param>
    private async Task<JournaledResult> RunAsync(BatchRequest request, long startedMs, int items,
        Func<CancellationToken, Task<IReadOnlyList<JournalItem>?>> plan, Func<WriterBatch, CancellationToken, Task> write, CancellationToken ct)
    {
        await RecordUnrecordedAsync().ConfigureAwait(false);
        var run = await BeginAsync(request, startedMs, ct).ConfigureAwait(false);
        try
        {
            var planned = await plan(ct).ConfigureAwait(false);
            if (planned is not null && (request.DryRun || items == 0 || planned.Any(i => !i.Succeeded)))
            {
                var settled = Finalize(request, planned);
                var completion = Completion(run, request, settled, wrote: false);
                await journal.CompleteAsync(completion, ct).ConfigureAwait(false);
                Ended(request, run, startedMs, completion);
                return new JournaledResult(run, settled);
            }
            IReadOnlyList<JournalItem> final = [];
            JournalCompletion? committed = null;
            using var waiting = meter.Enter(items);
            await write(new WriterBatch(run.Seq, request.Atomic, settledItems =>
            {
                // When the writer runs this twice, the last run is the one committed.
                final = Finalize(request, settledItems);
                return committed = Completion(run, request, final, wrote: true);
            }), ct).ConfigureAwait(false);
            meter.Committed(final.Count(i => i.Succeeded));
            Ended(request, run, startedMs, committed ?? Completion(run, request, final, wrote: true));
            return new JournaledResult(run, final);
        }
        catch (Exception ex) when (ex is not JournalConflictException)
        {
            // The data transaction did not commit: record why, so that the row does not stay "running".
            // The journal is read by clients: a driver's or runtime's text stays in the log (BatchTelemetry.Failed).
            var why = ex is Errors.BargeException ours ? ours.Message : "an internal error occurred: the server's log has the details";
            var failed = new JournalCompletion(run.Seq, BatchStatus.Failed, $"the batch failed in the store: {why}", Now, 0, 0, 0, [], []);
            try
            {
                await journal.CompleteAsync(failed, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception recording)
            {
                // The caller is told the batch's own failure, not this one.
                _unrecorded.Enqueue(failed);
                BatchTelemetry.EndNotRecorded(log, run.Id, recording);
            }
            BatchTelemetry.Failed(log, request, run.Id, failed.EndedMs - startedMs, ex);
            throw;
        }
    }

    /// <summary>Records the ends left unrecorded, until one fails again (the store still cannot write); never throws.</summary>
    private async Task RecordUnrecordedAsync()
    {
        while (_unrecorded.TryDequeue(out var completion))
        {
            try
            {
                await journal.CompleteAsync(completion, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception)
            {
                _unrecorded.Enqueue(completion);
                return;
            }
        }
    }

    private void Ended(BatchRequest request, BatchRun run, long startedMs, JournalCompletion completion) =>
        BatchTelemetry.Ended(log, request, run.Id, completion.Status, completion.Succeeded, completion.Failed, completion.EndedMs - startedMs);

    private async Task<BatchRun> BeginAsync(BatchRequest request, long startedMs, CancellationToken ct)
    {
        var id = request.Id ?? ObjectIds.New();
        var entry = new JournalEntry
        {
            Id = id, User = request.User, Environment = request.Environment, Service = request.Service,
            Name = request.Name, Reason = request.Reason, Source = request.Source, Status = BatchStatus.Running,
            Message = "running", StartedMs = startedMs, DryRun = request.DryRun, Atomic = request.Atomic,
            IdempotencyKey = request.IdempotencyKey is { } key ? IdempotencyKeys.Scoped(request.User, key) : null, RequestHash = request.RequestHash,
        };
        var seq = await journal.BeginAsync(entry, ct).ConfigureAwait(false)
                  ?? throw new JournalConflictException(request.IdempotencyKey is not null
                      ? $"a batch with id '{id}' or idempotency key '{request.IdempotencyKey}' already exists"
                      : $"a batch with id '{id}' already exists");
        return new BatchRun(seq, id);
    }

    /// <summary>An atomic batch with any failed item writes nothing: every other item then fails naming the guilty ones.</summary>
    private static IReadOnlyList<JournalItem> Finalize(BatchRequest request, IReadOnlyList<JournalItem> items)
    {
        if (!request.Atomic) return items;
        var guilty = items.Where(i => !i.Succeeded).Select(i => i.Index).ToList();
        if (guilty.Count == 0) return items;
        var message = AtomicRefusal(guilty);
        return items.Select(i => i.Succeeded ? i with { Error = Errors.ItemError.HeldBack(message) } : i).ToList();
    }

    public static string AtomicRefusal(IReadOnlyList<int> guilty) =>
        $"not written: the batch is atomic and items [{string.Join(", ", guilty)}] failed";

    private JournalCompletion Completion(BatchRun run, BatchRequest request, IReadOnlyList<JournalItem> items, bool wrote)
    {
        var failures = new List<BatchFailure>();
        foreach (var item in items)
            if (!item.Succeeded) failures.Add(new BatchFailure(item.Index, item.Key ?? item.Id, item.Error!.Message, item.Error.Code));
        var succeeded = items.Count - failures.Count;
        var written = wrote ? Written(items) : [];
        var status = failures.Count == 0 ? BatchStatus.Success : succeeded == 0 ? BatchStatus.Failed : BatchStatus.Partial;
        var message = status switch
        {
            BatchStatus.Success => "Completed Successfully",
            BatchStatus.Partial => $"{failures.Count} of {items.Count} items failed",
            _ when request.Atomic && items.Any(i => !i.Succeeded && !i.HeldBack) =>
                AtomicRefusal(items.Where(i => !i.Succeeded && !i.HeldBack).Select(i => i.Index).ToList()),
            _ => $"all {items.Count} items failed",
        };
        if (request.DryRun) message = "dry run, nothing written: " + message;
        return new JournalCompletion(run.Seq, status, message, Now, items.Count, succeeded, failures.Count, failures, written);
    }

    /// <summary>
    /// The ids written, grouped by collection and tenant in first-write order, each id once, with the caller's name
    /// for each (the first one given) when any differs from the id.
    /// </summary>
    private static List<WrittenIds> Written(IReadOnlyList<JournalItem> items)
    {
        var groups = new Dictionary<(string Class, string Tenant), (List<string> Ids, List<string> Keys, HashSet<string> Seen)>();
        foreach (var item in items)
        {
            if (!item.Succeeded || item.Class is null || item.Id is null) continue;
            var key = (item.Class, item.Tenant ?? "");
            if (!groups.TryGetValue(key, out var group)) groups[key] = group = ([], [], new HashSet<string>(StringComparer.Ordinal));
            if (!group.Seen.Add(item.Id)) continue;
            group.Ids.Add(item.Id);
            group.Keys.Add(item.Key ?? item.Id);
        }
        return groups.Select(g => new WrittenIds(g.Key.Class, g.Key.Tenant.Length == 0 ? null : g.Key.Tenant, g.Value.Ids,
            g.Value.Keys.SequenceEqual(g.Value.Ids, StringComparer.Ordinal) ? null : g.Value.Keys)).ToList();
    }
}

/// <summary>
/// What a journaled batch writes with: its journal seq, whether it is atomic, and <see cref="Complete"/>, which the
/// writer calls inside the data transaction with the batch's final items (one per item of the request) to get the
/// journal completion it writes in that same transaction. Quick, never throws, may run twice (the last run is committed).
/// </summary>
public sealed record WriterBatch(long Seq, bool Atomic, Func<IReadOnlyList<JournalItem>, JournalCompletion> Complete);
