using Barge.Core.Access;
using Barge.Core.Errors;
using Barge.Core.Storage;

namespace Barge.Core.Schema;

/// <summary>What a caller asks for one tenant: its name and, optionally, an activity status.</summary>
public sealed record TenantInput(string Name, string? ActivityStatus);

/// <summary>
/// Weaviate's tenants of a multi-tenant class. A class's tenants are those created explicitly (kept in the class
/// definition, so they survive a restart and are shared by every node of a PostgreSQL store) plus every tenant that
/// holds objects: Barge still accepts any tenant name on write, as it always has. Every tenant is active (HOT):
/// Barge does not offload or deactivate tenants, so asking for another status is refused rather than ignored.
/// Deleting a tenant deletes its objects.
/// </summary>
public sealed class TenantService(IObjectStore store, SchemaService schema, WriteRights rights)
{
    private const int DeleteChunk = 1000;

    /// <summary>The registry first (creation order), then tenants known only from their objects (ordinal order).</summary>
    public async Task<IReadOnlyList<TenantDefinition>> ListAsync(string className, CancellationToken ct = default)
    {
        var cls = await MultiTenantClassAsync(className, ct).ConfigureAwait(false);
        var withObjects = await store.ListTenantsAsync(cls.Name, ct).ConfigureAwait(false);
        var known = cls.Tenants.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        return [.. cls.Tenants, .. withObjects.Where(n => !known.Contains(n)).Select(n => new TenantDefinition(n, TenantDefinition.Hot))];
    }

    /// <summary>One tenant, or null when it is neither registered nor holds objects.</summary>
    public async Task<TenantDefinition?> GetAsync(string className, string tenant, CancellationToken ct = default) =>
        (await ListAsync(className, ct).ConfigureAwait(false)).FirstOrDefault(t => t.Name == tenant);

    /// <summary>Registers tenants; creating one that exists changes nothing. Returns them as stored.</summary>
    public async Task<IReadOnlyList<TenantDefinition>> CreateAsync(string className, IReadOnlyList<TenantInput> tenants, CancellationToken ct = default)
    {
        var cls = await MultiTenantClassAsync(className, ct).ConfigureAwait(false);
        var wanted = Checked(tenants);
        await schema.ChangeClassAsync(cls.Name, current =>
        {
            var known = current.Tenants.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
            var added = wanted.Where(t => known.Add(t.Name)).ToList();
            return added.Count == 0 ? current : current.WithTenants([.. current.Tenants, .. added]);
        }, ct).ConfigureAwait(false);
        return wanted;
    }

    /// <summary>
    /// Updates tenants' status (only to active, which every tenant is). Each must exist; a tenant known only from its
    /// objects is registered by the update.
    /// </summary>
    public async Task<IReadOnlyList<TenantDefinition>> UpdateAsync(string className, IReadOnlyList<TenantInput> tenants, CancellationToken ct = default)
    {
        var wanted = Checked(tenants);
        var existing = (await ListAsync(className, ct).ConfigureAwait(false)).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        if (wanted.FirstOrDefault(t => !existing.Contains(t.Name)) is { } missing)
            throw new UserInputException($"tenant \"{missing.Name}\" not found");
        return await CreateAsync(className, tenants, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes tenants with all their objects (the same right as deleting the objects one by one). Names that are not
    /// tenants of the class are ignored, as in Weaviate. Objects are deleted before the registry entry goes, so a
    /// failure part-way leaves the tenant listed.
    /// </summary>
    public async Task DeleteAsync(string className, IReadOnlyList<string> tenants, string user, CancellationToken ct = default)
    {
        var cls = await MultiTenantClassAsync(className, ct).ConfigureAwait(false);
        rights.Demand(user, cls.Name);
        var names = tenants.Distinct(StringComparer.Ordinal).ToList();
        foreach (var name in names)
        {
            if (SchemaNames.TenantNameError(name) is { } error) throw new UserInputException(error);
            var ids = new List<string>();
            await foreach (var o in store.ScanObjectsAsync(new ObjectScan(cls.Name, name), ct).ConfigureAwait(false)) ids.Add(o.Id);
            foreach (var chunk in ids.Chunk(DeleteChunk))
                await store.WriteAsync(chunk.Select(id => (WriteCommand)new DeleteObject(cls.Name, id, name)).ToList(), ct).ConfigureAwait(false);
        }
        var gone = names.ToHashSet(StringComparer.Ordinal);
        await schema.ChangeClassAsync(cls.Name, current =>
            current.Tenants.Any(t => gone.Contains(t.Name)) ? current.WithTenants(current.Tenants.Where(t => !gone.Contains(t.Name)).ToList()) : current,
            ct).ConfigureAwait(false);
    }

    private async Task<ClassDefinition> MultiTenantClassAsync(string className, CancellationToken ct)
    {
        var name = SchemaService.ClassNameFor(className);
        var cls = await schema.FindAsync(name, ct).ConfigureAwait(false) ?? throw new UserInputException($"class \"{name}\" not found");
        if (!cls.MultiTenancyEnabled) throw new UserInputException($"multi-tenancy is not enabled for class \"{cls.Name}\"");
        return cls;
    }

    /// <summary>Valid names (each once) with the status Barge keeps; any status but active is refused.</summary>
    private static List<TenantDefinition> Checked(IReadOnlyList<TenantInput> tenants)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<TenantDefinition>();
        foreach (var t in tenants)
        {
            if (SchemaNames.TenantNameError(t.Name) is { } error) throw new UserInputException(error);
            if (t.ActivityStatus is not (null or "" or "HOT" or "ACTIVE"))
                throw new UserInputException($"tenant \"{t.Name}\": activity status {t.ActivityStatus} is not supported: Barge keeps every tenant active (HOT)");
            if (seen.Add(t.Name)) result.Add(new TenantDefinition(t.Name, TenantDefinition.Hot));
        }
        return result;
    }
}
