using System.Text.Json.Nodes;
using Barge.Core.Filters;
using Barge.Core.Objects;
using Barge.Core.Objects.Validation;
using Barge.Core.Storage;

namespace Barge.Core.Query.References;

/// <summary>
/// Follows reference selections from a page of objects. The beacons of every object are collected first and their
/// targets read together, one lookup by id per selection, tenant and <see cref="IdsPerLookup"/> ids, so a page costs
/// a few queries per level of nesting however many hits and references it has. Nested selections are followed once
/// per distinct target, not once per reference to it.
/// </summary>
internal sealed class ReferenceResolver(IObjectStore store)
{
    /// <summary>Ids per lookup: each is a bound parameter, and SQLite caps a statement's parameters.</summary>
    private const int IdsPerLookup = 1000;

    /// <summary>For each source (same order), one group per plan (same order).</summary>
    public async Task<IReadOnlyList<ReferenceGroup>[]> ResolveAsync(IReadOnlyList<StoredObject> sources, IReadOnlyList<ReferencePlan> plans, CancellationToken ct)
    {
        var groups = sources.Select(_ => new ReferenceGroup[plans.Count]).ToArray();
        for (var p = 0; p < plans.Count; p++)
        {
            var plan = plans[p];
            var wanted = new List<TargetKey>?[sources.Count];
            var idsByTenant = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            for (var i = 0; i < sources.Count; i++)
            {
                if (!sources[i].Properties.TryGetPropertyValue(plan.Property, out var stored) || stored is null) continue;
                // A target class with multi-tenancy holds the targets in the source's tenant; one without holds them in none.
                var tenant = plan.Target.MultiTenancyEnabled ? sources[i].Tenant ?? "" : "";
                var targetKeys = wanted[i] = [];
                foreach (var reference in stored as JsonArray ?? [])
                {
                    if (TargetId(reference, plan) is not { } id) continue;
                    targetKeys.Add(new TargetKey(tenant, id));
                    if (!idsByTenant.TryGetValue(tenant, out var ids)) idsByTenant[tenant] = ids = new HashSet<string>(StringComparer.Ordinal);
                    ids.Add(id);
                }
            }

            var found = await ReadAsync(plan, idsByTenant, ct).ConfigureAwait(false);
            var keys = found.Keys.ToList();
            var targets = keys.Select(key => found[key]).ToList();
            var nested = plan.Nested.Count == 0 ? null : await ResolveAsync(targets, plan.Nested, ct).ConfigureAwait(false);
            var referenced = new Dictionary<TargetKey, ReferencedObject>(keys.Count);
            for (var t = 0; t < keys.Count; t++) referenced[keys[t]] = new ReferencedObject(targets[t], nested?[t] ?? []);

            for (var i = 0; i < sources.Count; i++)
            {
                var resolved = wanted[i]?.Select(key => referenced.GetValueOrDefault(key)).OfType<ReferencedObject>().ToList() ?? [];
                groups[i][p] = new ReferenceGroup(plan.Selection, wanted[i] is not null, resolved);
            }
        }
        return groups;
    }

    /// <summary>
    /// The id a stored reference points at in the plan's target class, or null when it points at another class (a
    /// multi-target property). Stored beacons carry their class; one without (written before its target existed) is
    /// looked for in the target class.
    /// </summary>
    private static string? TargetId(JsonNode? reference, ReferencePlan plan)
    {
        if (reference is not JsonObject o || o["beacon"] is not JsonValue value || !value.TryGetValue<string>(out var text)) return null;
        if (!Beacon.TryParse(text, out var beacon, out _)) return null;
        return beacon!.ClassName is null || beacon.ClassName == plan.Target.Name ? beacon.Id : null;
    }

    private async Task<Dictionary<TargetKey, StoredObject>> ReadAsync(ReferencePlan plan, Dictionary<string, HashSet<string>> idsByTenant, CancellationToken ct)
    {
        var found = new Dictionary<TargetKey, StoredObject>();
        foreach (var (tenant, ids) in idsByTenant)
            foreach (var chunk in ids.Chunk(IdsPerLookup))
            {
                var byId = new ColumnCondition(ObjectColumn.Id, Comparison.In, chunk);
                var query = new ListQuery(plan.Target.Name, tenant.Length == 0 ? null : tenant, chunk.Length, 0, null, [], byId)
                {
                    CountTotal = false, WithVectors = plan.Selection.IncludeVector,
                };
                var page = await store.ListAsync(query, ct).ConfigureAwait(false);
                foreach (var o in page.Objects) found[new TargetKey(tenant, o.Id)] = o;
            }
        return found;
    }

    /// <summary>A target: its tenant ("" for none) and canonical id.</summary>
    private readonly record struct TargetKey(string Tenant, string Id);
}
