using Barge.Core.Hat;
using Barge.Core.Storage;
using Barge.Storage.Relational;
using NpgsqlTypes;

namespace Barge.Storage.Postgres;

/// <summary>HAT link groups (<see cref="IRecordLinkStore"/>): read here, written by <see cref="PgLinkRows"/> inside the writer.</summary>
public sealed partial class PostgresStore : IRecordLinkStore
{
    public WriteCommand Link(string groupId, IReadOnlyList<RecordRef> records) => new LinkRecords(groupId, records);

    public WriteCommand Unlink(IReadOnlyList<string> ids) => new UnlinkRecords(ids);

    // DISTINCT: two records may share several groups; the join to objects skips records deleted by other routes.
    // One query for all ids, ordered as SQLite's one-query-per-id gives: by the asked id, then oldest first.
    private const string LinkedSql =
        $"SELECT DISTINCT {PgObjectRows.Columns}, o.seq, a.record_id, k.n FROM unnest($1::uuid[]) WITH ORDINALITY AS k(id, n) " +
        "JOIN hat_links a ON a.record_id = k.id " +
        "JOIN hat_links b ON b.group_id = a.group_id AND b.record_id <> a.record_id " +
        "JOIN objects o ON o.class = b.class AND o.tenant = '' AND o.id = b.record_id " +
        "ORDER BY k.n, o.seq";

    public async Task<IReadOnlyList<LinkedRecord>> FindLinkedAsync(IReadOnlyList<string> recordIds, CancellationToken ct = default)
    {
        var found = new List<LinkedRecord>();
        var ids = new List<Guid>();
        foreach (var text in recordIds.Distinct(StringComparer.Ordinal))
            if (PgIds.TryParse(text) is { } id && !ids.Contains(id)) ids.Add(id);
        if (ids.Count == 0) return found;
        await using var cmd = _data.CreateCommand(LinkedSql);
        cmd.Parameters.Add(new() { Value = ids.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            found.Add(new LinkedRecord(r.GetGuid(PgObjectRows.ColumnCount + 1).ToString(), PgObjectRows.Read(r)));
        return found;
    }
}
