using Barge.Core.Journal;

namespace Barge.Core.Storage;

/// <summary>
/// How a journaled batch is written. The store tags every object written with <see cref="Batch"/> (the journal
/// seq, and whether the write created the object) and writes the journal completion that <see cref="Complete"/>
/// builds from the outcomes in the same transaction as the data: a crash keeps both or neither.
/// With <see cref="Atomic"/>, a failed command rolls the whole batch back; the outcomes still tell which failed.
/// </summary>
public sealed record WriteOptions(long Batch, bool Atomic, Func<IReadOnlyList<WriteOutcome>, JournalCompletion> Complete);
