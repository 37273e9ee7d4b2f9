using Barge.Core.Journal;
using Npgsql;

namespace Barge.Storage.Postgres;

/// <summary>
/// TEMPORARY STUB, replaced at merge by the journal engineer's PgJournalRows (same name and signature): writes
/// nothing, so that the data half of <see cref="PostgresStore.WriteAsync(IReadOnlyList{Barge.Core.Storage.WriteCommand}, Barge.Core.Storage.WriteOptions, CancellationToken)"/>
/// builds and can be tested on its own.
/// </summary>
internal static class PgJournalRows
{
    public static void Complete(NpgsqlConnection c, NpgsqlTransaction tx, JournalCompletion completion)
    {
        _ = (c, tx, completion);
    }
}
