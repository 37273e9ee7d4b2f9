using Barge.Core.Storage;
using Barge.Storage.Relational;

namespace Barge.Storage.Postgres;

/// <summary>The write side of HAT link groups, run by <see cref="PgObjectWrites"/> in the batch's transaction (as SQLite's LinkRows).</summary>
internal static class PgLinkRows
{
    private const string ExistsSql = "SELECT 1 FROM objects WHERE class = $1 AND tenant = '' AND id = $2";
    private const string InsertSql = "INSERT INTO hat_links(group_id, class, record_id) VALUES($1, $2, $3) ON CONFLICT DO NOTHING";
    private const string DeleteMemberSql = "DELETE FROM hat_links WHERE record_id = $1 RETURNING group_id";
    private const string DeleteSmallGroupSql = "DELETE FROM hat_links WHERE group_id = $1 AND (SELECT count(*) FROM hat_links WHERE group_id = $1) < 2";

    public static WriteOutcome Link(PgWriteContext ctx, LinkRecords link)
    {
        var ids = new List<Guid>(link.Records.Count);
        foreach (var r in link.Records)
        {
            if (PgIds.TryParse(r.Id) is not { } id || !Exists(ctx, r.Class, id)) return new WriteOutcome(WriteStatus.NotFound, Error: $"record {r.Id} not found");
            ids.Add(id);
        }
        for (var i = 0; i < ids.Count; i++)
        {
            using var cmd = ctx.Command(InsertSql);
            cmd.Parameters.AddWithValue(link.GroupId);
            cmd.Parameters.AddWithValue(link.Records[i].Class);
            cmd.Parameters.AddWithValue(ids[i]);
            cmd.ExecuteNonQuery();
        }
        return new WriteOutcome(WriteStatus.Ok);
    }

    /// <summary>A group left with one record links nothing: it goes with the memberships.</summary>
    public static WriteOutcome Unlink(PgWriteContext ctx, UnlinkRecords unlink)
    {
        var groups = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in unlink.Ids)
        {
            if (PgIds.TryParse(text) is not { } id) continue; // not a uuid: in no group
            using var cmd = ctx.Command(DeleteMemberSql);
            cmd.Parameters.AddWithValue(id);
            using var r = cmd.ExecuteReader();
            while (r.Read()) groups.Add(r.GetString(0));
        }
        foreach (var group in groups)
        {
            using var cmd = ctx.Command(DeleteSmallGroupSql);
            cmd.Parameters.AddWithValue(group);
            cmd.ExecuteNonQuery();
        }
        return new WriteOutcome(WriteStatus.Ok);
    }

    private static bool Exists(PgWriteContext ctx, string cls, Guid id)
    {
        using var cmd = ctx.Command(ExistsSql);
        cmd.Parameters.AddWithValue(cls);
        cmd.Parameters.AddWithValue(id);
        return cmd.ExecuteScalar() is not null;
    }
}
