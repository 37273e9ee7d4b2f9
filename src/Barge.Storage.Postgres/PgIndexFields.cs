using NpgsqlTypes;

namespace Barge.Storage.Postgres;

/// <summary>
/// Index field ids, one per (class, index key), cached per process. Missing ids are resolved for a whole flush in one
/// round trip. Two nodes may create the same field at once: INSERT … ON CONFLICT DO NOTHING lets one win, and both
/// then read the winner's id.
/// </summary>
internal sealed class PgIndexFields
{
    // The INSERT's own rows come back through RETURNING; rows that already existed come from the join (the statement's
    // snapshot). A row another node committed after that snapshot is in neither: ResolveAsync reads those again.
    private const string CreateSql =
        "WITH k AS (SELECT * FROM unnest($1::text[], $2::text[]) AS k(class, prop)), " +
        "ins AS (INSERT INTO idx_fields(class, prop) SELECT class, prop FROM k ON CONFLICT (class, prop) DO NOTHING RETURNING id, class, prop) " +
        "SELECT id, class, prop FROM ins UNION ALL SELECT f.id, f.class, f.prop FROM idx_fields f JOIN k ON f.class = k.class AND f.prop = k.prop";
    private const string FindSql =
        "SELECT f.id, f.class, f.prop FROM idx_fields f JOIN unnest($1::text[], $2::text[]) AS k(class, prop) ON f.class = k.class AND f.prop = k.prop";

    private readonly Dictionary<(string Class, string Key), int> _ids = [];

    public void Forget() => _ids.Clear();

    /// <summary>The field's id once resolved; null when the field was never written (it then has no rows).</summary>
    public int? Get(string cls, string key) => _ids.TryGetValue((cls, key), out var id) ? id : null;

    public bool IsKnown(string cls, string key) => _ids.ContainsKey((cls, key));

    /// <summary>Loads (and with <paramref name="create"/>, creates) the ids of the given fields not cached yet.</summary>
    public void Resolve(PgWriteContext ctx, IReadOnlyCollection<(string Class, string Key)> fields, bool create)
    {
        var missing = fields.Where(f => !_ids.ContainsKey(f)).Distinct().ToList();
        if (missing.Count == 0) return;
        Load(ctx, create ? CreateSql : FindSql, missing);
        if (create && missing.Any(f => !_ids.ContainsKey(f))) Load(ctx, FindSql, missing.Where(f => !_ids.ContainsKey(f)).ToList());
    }

    private void Load(PgWriteContext ctx, string sql, List<(string Class, string Key)> fields)
    {
        using var cmd = ctx.Command(sql);
        cmd.Parameters.Add(new() { Value = fields.Select(f => f.Class).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = fields.Select(f => f.Key).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        using var r = cmd.ExecuteReader();
        while (r.Read()) _ids[(r.GetString(1), r.GetString(2))] = r.GetInt32(0);
    }
}
