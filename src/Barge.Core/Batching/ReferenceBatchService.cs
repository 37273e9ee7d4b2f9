using System.Text.Json.Nodes;
using Barge.Core.Access;
using Barge.Core.Errors;
using Barge.Core.Indexing;
using Barge.Core.Journal;
using Barge.Core.Objects;
using Barge.Core.Schema;
using Barge.Core.Storage;

namespace Barge.Core.Batching;

/// <summary>One reference of a batch as sent: <c>from</c>, <c>to</c> and an optional tenant.</summary>
public sealed record ReferenceInput(string From, string To, string? Tenant)
{
    /// <summary>
    /// Why the dialect could not map this reference (its wire form is wrong), or null: it then fails alone with this
    /// message and is journaled with its batch like any failed reference.
    /// </summary>
    public string? Refused { get; init; }
}

/// <summary>The answer for one reference: canonical from/to on success, or the reason it failed.</summary>
public sealed record ReferenceBatchItem(int Index, string? From, string? To, ItemError? Error)
{
    public bool Succeeded => Error is null;
}

/// <summary>
/// Adds references in bulk (spec §2): each is checked on its own (URI forms, source class and property, the
/// property must be a cross-reference, the target class must exist and be allowed), then all references of one
/// source object are appended in input order by a single read-modify-write inside the writer, so concurrent
/// batches never lose an append. The source object must exist; a missing target object is tolerated, as in Weaviate.
/// </summary>
public sealed class ReferenceBatchService(IObjectStore store, SchemaService schema, BatchJournal journal, WriteRights rights, TimeProvider clock)
{
    /// <summary>
    /// A reference that passed the checks made from the schema; <see cref="TenantTarget"/> names its target when the
    /// target must also exist in the tenant (looked up for the whole batch at once).
    /// </summary>
    private sealed record Planned(int Index, CrossReferenceUri.Source Source, string Beacon, string To, string? Tenant, (string Class, string Id)? TenantTarget);

    /// <summary>The answers in input order and the journal id of the batch.</summary>
    public sealed record Result(IReadOnlyList<ReferenceBatchItem> Items, string BatchId);

    /// <exception cref="Errors.OverloadedException">The write queue is full: nothing was done (see <see cref="BatchJournal.Admit"/>).</exception>
    public async Task<Result> AddAsync(IReadOnlyList<ReferenceInput> inputs, BatchRequest request, CancellationToken ct)
    {
        using var batch = journal.Admit(request, inputs.Count);
        var items = new ReferenceBatchItem[inputs.Count];
        var planned = new List<Planned>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var (plan, error) = Plan(i, inputs[i], request.User);
            if (plan is null) items[i] = new ReferenceBatchItem(i, null, null, error);
            else planned.Add(plan);
        }
        planned = await WithTenantTargetsAsync(planned, items, ct).ConfigureAwait(false);

        var groups = planned.GroupBy(p => (p.Source.Class, p.Source.Id, p.Tenant)).ToList();
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var commands = groups.Select(g => (WriteCommand)new ModifyObject(g.Key.Class, g.Key.Id, g.Key.Tenant, current =>
        {
            var cls = schema.Find(current.Class)!;
            var props = (JsonObject)current.Properties.DeepClone();
            foreach (var p in g)
            {
                if (props[p.Source.Property] is not JsonArray list) props[p.Source.Property] = list = [];
                list.Add(new JsonObject { ["beacon"] = p.Beacon });
            }
            var next = Objects.ObjectMerge.Copy(current, props, current.Vector, now);
            return ModifyResult.Replace(next, ObjectIndex.Of(cls, props));
        })).ToList();

        // The journal sees one item per reference, standing for its source object (the object the batch changed).
        var journaled = await batch.RunAsync(now, commands, outcomes =>
        {
            var settled = new JournalItem[inputs.Count];
            for (var i = 0; i < inputs.Count; i++) settled[i] = new JournalItem(i, null, null, null, items[i]?.Error);
            for (var g = 0; g < groups.Count; g++)
            {
                var error = outcomes is null || outcomes[g].Succeeded ? null
                    : outcomes[g].Status == WriteStatus.NotFound ? new ItemError(ItemErrorCode.NotFound, $"object with id {groups[g].Key.Id} not found")
                    : outcomes[g].ItemError("write failed");
                foreach (var p in groups[g]) settled[p.Index] = new JournalItem(p.Index, p.Source.Id, p.Source.Class, p.Tenant, error);
            }
            return settled;
        }, ct).ConfigureAwait(false);
        for (var g = 0; g < groups.Count; g++)
        {
            foreach (var p in groups[g])
            {
                var error = journaled.Items[p.Index].Error;
                items[p.Index] = error is null
                    ? new ReferenceBatchItem(p.Index, $"weaviate://localhost/{p.Source.Class}/{p.Source.Id}/{p.Source.Property}", p.To, null)
                    : new ReferenceBatchItem(p.Index, null, null, error);
            }
        }
        return new Result(items, journaled.Run.Id);
    }

    /// <summary>
    /// The plans whose tenant targets exist, found with one lookup for the batch; the others fail with Weaviate's
    /// message in <paramref name="items"/>.
    /// </summary>
    private async Task<List<Planned>> WithTenantTargetsAsync(List<Planned> planned, ReferenceBatchItem[] items, CancellationToken ct)
    {
        var ids = planned.Where(p => p.TenantTarget is not null).Select(p => p.TenantTarget!.Value.Id).ToList();
        if (ids.Count == 0) return planned;
        var targets = await ReferenceTargets.FindAsync(store, ids, ct).ConfigureAwait(false);
        var kept = new List<Planned>(planned.Count);
        foreach (var p in planned)
        {
            if (p.TenantTarget is { } target && !targets.Exists(target.Class, target.Id, p.Tenant))
                items[p.Index] = new ReferenceBatchItem(p.Index, null, null, new ItemError(ItemErrorCode.ReferenceTargetMissing, $"target: object {target.Class}/{target.Id} not found for tenant \"{p.Tenant}\""));
            else kept.Add(p);
        }
        return kept;
    }

    private (Planned? Plan, ItemError? Error) Plan(int index, ReferenceInput input, string user)
    {
        if (input.Refused is { } refused) return (null, ItemError.RefusedByDialect(refused));
        var (source, fromError) = CrossReferenceUri.ParseFrom(input.From);
        if (source is null) return (null, ItemError.InvalidValue(fromError!));
        // A reference changes its source object: that is the write the user needs the right to.
        if (rights.Refusal(user, source.Class) is { } refusal) return (null, new ItemError(ItemErrorCode.Forbidden, refusal));
        var (target, toError) = CrossReferenceUri.ParseTo(input.To);
        if (target is null) return (null, ItemError.InvalidValue(toError!));

        var cls = schema.Find(source.Class);
        if (cls is null)
            return (null, ItemError.UnknownClass(target.Class is not null
                ? $"source class \"{source.Class}\" not found in schema"
                : $"class {source.Class} does not exist or there was an error getting it err=<nil>"));
        var prop = cls.FindProperty(source.Property);
        if (prop is null) return (null, new ItemError(ItemErrorCode.UnknownProperty, $"property {source.Property} does not exist for class {source.Class}"));
        if (!prop.DataType.IsReference)
            return (null, ItemError.InvalidValue($"property '{source.Property}' of class '{source.Class}' is not a cross-reference, its dataType is {prop.DataType.Name}"));
        if (cls.MultiTenancyEnabled != !string.IsNullOrEmpty(input.Tenant))
            return (null, ItemError.InvalidValue(cls.MultiTenancyEnabled
                ? $"class {cls.Name} has multi-tenancy enabled, but request was without tenant"
                : $"class {cls.Name} has multi-tenancy disabled, but request was with tenant"));

        var targetClass = target.Class;
        if (targetClass is not null && !prop.DataType.TargetClasses.Contains(targetClass) && schema.Find(targetClass) is not null)
            return (null, ItemError.InvalidValue($"property '{source.Property}' of class '{source.Class}' cannot reference class '{targetClass}', it references [{string.Join(", ", prop.DataType.TargetClasses)}]"));
        // A class-less target takes the property's only class; the tenant rules below then apply to it as well.
        if (targetClass is null && prop.DataType.TargetClasses.Count == 1) targetClass = prop.DataType.TargetClasses[0];
        (string, string)? tenantTarget = null;
        if (targetClass is not null)
        {
            if (schema.Find(targetClass) is not { } targetDefinition) return (null, ItemError.UnknownClass($"target class \"{targetClass}\" not found in schema"));
            if (targetDefinition.MultiTenancyEnabled && !cls.MultiTenancyEnabled)
                return (null, ItemError.InvalidValue("invalid reference: cannot reference a multi-tenant enabled class from a non multi-tenant enabled class"));
            // Targets are not checked for existence (Weaviate tolerates dangling refs), except inside a tenant:
            // a tenant's object may only point at objects of the same tenant.
            if (targetDefinition.MultiTenancyEnabled) tenantTarget = (targetClass, target.Id);
        }

        var beacon = targetClass is null ? $"weaviate://localhost/{target.Id}" : CrossReferenceUri.Beacon(targetClass, target.Id);
        return (new Planned(index, source, beacon, beacon, string.IsNullOrEmpty(input.Tenant) ? null : input.Tenant, tenantTarget), null);
    }
}
