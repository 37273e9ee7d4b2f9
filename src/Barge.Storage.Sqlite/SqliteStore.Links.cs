using Barge.Core.Hat;
using Barge.Core.Storage;
using Barge.Storage.Relational;

namespace Barge.Storage.Sqlite;

/// <summary>HAT link groups (<see cref="IRecordLinkStore"/>): read here, written by <see cref="LinkRows"/> inside the writer.</summary>
public sealed partial class SqliteStore : IRecordLinkStore
{
    public WriteCommand Link(string groupId, IReadOnlyList<RecordRef> records) => new LinkRecords(groupId, records);

    public WriteCommand Unlink(IReadOnlyList<string> ids) => new UnlinkRecords(ids);

    public async Task<IReadOnlyList<LinkedRecord>> FindLinkedAsync(IReadOnlyList<string> recordIds, CancellationToken ct = default)
    {
        var found = new List<LinkedRecord>();
        if (recordIds.Count == 0) return found;
        await using var c = OpenRead();
        await using var cmd = c.CreateCommand();
        // DISTINCT: two records may share several groups; the join to objects skips records deleted by other routes.
        cmd.CommandText =
            $"SELECT DISTINCT {ObjectRows.Columns}, o.seq, a.record_id FROM hat_links a " +
            "JOIN hat_links b ON b.group_id = a.group_id AND b.record_id <> a.record_id " +
            "JOIN objects o ON o.class = b.class AND o.tenant = '' AND o.id = b.record_id " +
            "WHERE a.record_id = $id ORDER BY o.seq";
        var id = cmd.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Text);
        foreach (var recordId in recordIds.Distinct(StringComparer.Ordinal))
        {
            id.Value = recordId;
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) found.Add(new LinkedRecord(r.GetString(8), ObjectRows.Read(r)));
        }
        return found;
    }
}

/// <summary>The write side of HAT link groups, run by <see cref="ObjectWrites"/> in the batch's transaction.</summary>
internal static class LinkRows
{
    private const string ExistsSql = "SELECT 1 FROM objects WHERE class = $p0 AND tenant = '' AND id = $p1";
    private const string InsertSql = "INSERT OR IGNORE INTO hat_links(group_id, class, record_id) VALUES($p0, $p1, $p2)";
    private const string GroupsOfSql = "SELECT group_id FROM hat_links WHERE record_id = $p0";
    private const string DeleteMemberSql = "DELETE FROM hat_links WHERE record_id = $p0";
    private const string DeleteSmallGroupSql = "DELETE FROM hat_links WHERE group_id = $p0 AND (SELECT count(*) FROM hat_links WHERE group_id = $p0) < 2";

    public static WriteOutcome Link(WriteContext ctx, LinkRecords link)
    {
        foreach (var r in link.Records)
            if (ctx.Statement(ExistsSql, 2).Set(0, r.Class).Set(1, r.Id).Command.ExecuteScalar() is null)
                return new WriteOutcome(WriteStatus.NotFound, Error: $"record {r.Id} not found");
        foreach (var r in link.Records)
            ctx.Statement(InsertSql, 3).Set(0, link.GroupId).Set(1, r.Class).Set(2, r.Id).Command.ExecuteNonQuery();
        return new WriteOutcome(WriteStatus.Ok);
    }

    /// <summary>A group left with one record links nothing: it goes with the memberships.</summary>
    public static WriteOutcome Unlink(WriteContext ctx, UnlinkRecords unlink)
    {
        var groups = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in unlink.Ids)
        {
            using (var r = ctx.Statement(GroupsOfSql, 1).Set(0, id).Command.ExecuteReader())
                while (r.Read()) groups.Add(r.GetString(0));
            ctx.Statement(DeleteMemberSql, 1).Set(0, id).Command.ExecuteNonQuery();
        }
        foreach (var group in groups) ctx.Statement(DeleteSmallGroupSql, 1).Set(0, group).Command.ExecuteNonQuery();
        return new WriteOutcome(WriteStatus.Ok);
    }
}
