using Barge.Core.Storage;
using Barge.Core.Objects;

namespace Barge.Storage.Postgres;

/// <summary>Reads of single objects and counts, on pooled connections (they never wait for the writer).</summary>
public sealed partial class PostgresStore
{
    public async Task<StoredObject?> GetAsync(string className, string id, string? tenant, CancellationToken ct = default)
    {
        if (PgIds.TryParse(id) is not { } uuid) return null;
        await using var cmd = _data.CreateCommand($"SELECT {PgObjectRows.Columns} FROM objects o WHERE o.class = $1 AND o.tenant = $2 AND o.id = $3");
        cmd.Parameters.AddWithValue(className);
        cmd.Parameters.AddWithValue(PgText.Tenant(tenant));
        cmd.Parameters.AddWithValue(uuid);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? PgObjectRows.Read(r) : null;
    }

    public bool Exists(string className, string id, string? tenant)
    {
        if (PgIds.TryParse(id) is not { } uuid) return false;
        using var cmd = _data.CreateCommand("SELECT 1 FROM objects WHERE class = $1 AND tenant = $2 AND id = $3");
        cmd.Parameters.AddWithValue(className);
        cmd.Parameters.AddWithValue(PgText.Tenant(tenant));
        cmd.Parameters.AddWithValue(uuid);
        return cmd.ExecuteScalar() is not null;
    }

    public async Task<IReadOnlyList<string>> FindClassesOfIdAsync(string id, IReadOnlyList<string> candidates, CancellationToken ct = default)
    {
        var found = new List<string>();
        if (PgIds.TryParse(id) is not { } uuid) return found;
        // COLLATE "C": the same order as SQLite's byte-wise ORDER BY class.
        await using var cmd = _data.CreateCommand("SELECT DISTINCT class COLLATE \"C\" FROM objects WHERE id = $1 ORDER BY 1");
        cmd.Parameters.AddWithValue(uuid);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            var cls = r.GetString(0);
            if (candidates.Count == 0 || candidates.Contains(cls)) found.Add(cls);
        }
        return found;
    }

    public async Task<IReadOnlyList<ObjectLocation>> LocateAsync(IReadOnlyCollection<string> ids, CancellationToken ct = default)
    {
        var found = new List<ObjectLocation>();
        var uuids = ids.Select(PgIds.TryParse).OfType<Guid>().ToArray();
        if (uuids.Length == 0) return found;
        await using var cmd = _data.CreateCommand("SELECT class, tenant, id FROM objects WHERE id = ANY($1)");
        cmd.Parameters.AddWithValue(uuids);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            found.Add(new ObjectLocation(r.GetString(0), r.GetString(1) is { Length: > 0 } tenant ? tenant : null, r.GetGuid(2).ToString("D")));
        return found;
    }

    public async Task<IReadOnlyList<string>> ListTenantsAsync(string className, CancellationToken ct = default)
    {
        await using var cmd = _data.CreateCommand("SELECT tenant FROM objects WHERE class = $1 AND tenant <> '' GROUP BY tenant ORDER BY tenant COLLATE \"C\"");
        cmd.Parameters.AddWithValue(className);
        var tenants = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) tenants.Add(r.GetString(0));
        return tenants;
    }

    public async Task<IReadOnlyDictionary<string, long>> CountByClassAsync(CancellationToken ct = default)
    {
        await using var cmd = _data.CreateCommand("SELECT class, count(*) FROM objects GROUP BY class");
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) counts[r.GetString(0)] = r.GetInt64(1);
        return counts;
    }

    public async Task PingAsync(CancellationToken ct = default)
    {
        // A table of the store, not a constant: a schema dropped or a search path gone wrong is not ready either.
        // A pooled connection the server closed fails here once and is dropped from the pool.
        await using var cmd = _data.CreateCommand("SELECT 1 FROM classes LIMIT 1");
        await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false);
    }
}
