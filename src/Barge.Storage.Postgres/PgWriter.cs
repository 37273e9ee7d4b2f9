using Barge.Core.Storage;
using Barge.Storage.Relational;

namespace Barge.Storage.Postgres;

/// <summary>
/// The single writer of this process (group commit, see <see cref="GroupCommitWriter{TContext}"/>). Other nodes write
/// the same database: a group that collides with one of them (unique violation, deadlock, serialization failure) is
/// run again from scratch, since the retry re-reads what the other node committed.
/// </summary>
internal sealed class PgWriter(PgWriteContext context, int queueCapacity) : GroupCommitWriter<PgWriteContext>(context, queueCapacity)
{
    /// <summary>
    /// A group that collides is split soon. Each job of a group locks its rows when it flushes, so two nodes whose
    /// groups hold the same objects in different jobs lock them in different orders and deadlock again if retried
    /// as they are; alone, a job locks its rows in one statement, in id order.
    /// </summary>
    private const int GroupAttempts = 2;
    /// <summary>A lone job is retried longer: its caller would otherwise see another node's concurrent write as a failure.</summary>
    private const int JobAttempts = 12;

    /// <summary>
    /// A connection cut before COMMIT (server restart, network) lost nothing: run again on a new one. Cut during
    /// COMMIT, the outcome is unknown, and running again could report a created object as existing.
    /// </summary>
    protected override bool IsRetryable(PgWriteContext context, Exception error, bool committing) =>
        PgErrors.IsConflict(error) || (context.IsBroken && !committing);

    protected override Exception Translate(Exception error) => PgErrors.Translate(error);

    protected override int MaxAttempts(int jobCount) => jobCount > 1 ? GroupAttempts : JobAttempts;

    /// <summary>Jittered and growing: two nodes that collided should not collide again in lockstep.</summary>
    protected override void BeforeRetry(int attempt) => Thread.Sleep(Random.Shared.Next(5, 10 + 20 * Math.Min(attempt, 8)));
}
