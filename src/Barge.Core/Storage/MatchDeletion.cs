using Barge.Core.Filters;
using Barge.Core.Journal;

namespace Barge.Core.Storage;

/// <summary>What a delete-by-query deletes: the first <see cref="Limit"/> objects of a class matching a validated filter, oldest first.</summary>
public sealed record MatchQuery(string Class, string? Tenant, FilterNode Filter, int Limit);

/// <summary>
/// How a delete-by-query is written as a journaled batch: as <see cref="WriteOptions"/>, but the completion is built
/// from the matches the writer found as well as from the outcomes of their deletes, since both are known only inside
/// the write transaction. It may run more than once (a store that retries a transaction); the last run is the one committed.
/// </summary>
public sealed record MatchDeleteOptions(long Batch, bool Atomic, Func<MatchResult, IReadOnlyList<WriteOutcome>, JournalCompletion> Complete);

/// <summary>The matches a delete-by-query found and the outcome of each one's delete, in the same order.</summary>
public sealed record MatchDeletion(MatchResult Matches, IReadOnlyList<WriteOutcome> Outcomes);
