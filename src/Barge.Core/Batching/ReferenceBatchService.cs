using System.Text.Json.Nodes;
using Barge.Core.Indexing;
using Barge.Core.Schema;
using Barge.Core.Storage;

namespace Barge.Core.Batching;

/// <summary>One reference of a batch as sent: <c>from</c>, <c>to</c> and an optional tenant.</summary>
public sealed record ReferenceInput(string From, string To, string? Tenant);

/// <summary>The answer for one reference: canonical from/to on success, or the reason it failed.</summary>
public sealed record ReferenceBatchItem(int Index, string? From, string? To, string? Error)
{
    public bool Succeeded => Error is null;
}

/// <summary>
/// Adds references in bulk (spec §2): each is checked on its own (URI forms, source class and property, the
/// property must be a cross-reference, the target class must exist and be allowed), then all references of one
/// source object are appended in input order by a single read-modify-write inside the writer, so concurrent
/// batches never lose an append. The source object must exist; a missing target object is tolerated, as in Weaviate.
/// </summary>
public sealed class ReferenceBatchService(IObjectStore store, SchemaService schema, TimeProvider clock)
{
    private sealed record Planned(int Index, CrossReferenceUri.Source Source, string Beacon, string To, string? Tenant);

    public async Task<IReadOnlyList<ReferenceBatchItem>> AddAsync(IReadOnlyList<ReferenceInput> inputs, CancellationToken ct)
    {
        var items = new ReferenceBatchItem[inputs.Count];
        var planned = new List<Planned>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var (plan, error) = Plan(i, inputs[i]);
            if (plan is null) items[i] = new ReferenceBatchItem(i, null, null, error);
            else planned.Add(plan);
        }

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
            var next = new Objects.StoredObject
            {
                Class = current.Class, Id = current.Id, Tenant = current.Tenant, Properties = props, Vector = current.Vector,
                CreationTimeUnix = current.CreationTimeUnix, LastUpdateTimeUnix = now,
            };
            return ModifyResult.Replace(next, IndexEntries.For(cls, props));
        })).ToList();

        var outcomes = commands.Count == 0 ? [] : await store.WriteAsync(commands, ct).ConfigureAwait(false);
        for (var g = 0; g < groups.Count; g++)
        {
            foreach (var p in groups[g])
            {
                items[p.Index] = outcomes[g].Status switch
                {
                    WriteStatus.Ok => new ReferenceBatchItem(p.Index, $"weaviate://localhost/{p.Source.Class}/{p.Source.Id}/{p.Source.Property}", p.To, null),
                    WriteStatus.NotFound => new ReferenceBatchItem(p.Index, null, null, $"object with id {p.Source.Id} not found"),
                    _ => new ReferenceBatchItem(p.Index, null, null, outcomes[g].Error),
                };
            }
        }
        return items;
    }

    private (Planned? Plan, string? Error) Plan(int index, ReferenceInput input)
    {
        var (source, fromError) = CrossReferenceUri.ParseFrom(input.From);
        if (source is null) return (null, fromError);
        var (target, toError) = CrossReferenceUri.ParseTo(input.To);
        if (target is null) return (null, toError);

        var cls = schema.Find(source.Class);
        if (cls is null)
            return (null, target.Class is not null
                ? $"source class \"{source.Class}\" not found in schema"
                : $"class {source.Class} does not exist or there was an error getting it err=<nil>");
        var prop = cls.FindProperty(source.Property);
        if (prop is null) return (null, $"property {source.Property} does not exist for class {source.Class}");
        if (!prop.DataType.IsReference)
            return (null, $"property '{source.Property}' of class '{source.Class}' is not a cross-reference, its dataType is {prop.DataType.Name}");
        if (cls.MultiTenancyEnabled != !string.IsNullOrEmpty(input.Tenant))
            return (null, cls.MultiTenancyEnabled
                ? $"class {cls.Name} has multi-tenancy enabled, but request was without tenant"
                : $"class {cls.Name} has multi-tenancy disabled, but request was with tenant");

        var targetClass = target.Class;
        if (targetClass is not null && !prop.DataType.TargetClasses.Contains(targetClass) && schema.Find(targetClass) is not null)
            return (null, $"property '{source.Property}' of class '{source.Class}' cannot reference class '{targetClass}', it references [{string.Join(", ", prop.DataType.TargetClasses)}]");
        // A class-less target takes the property's only class; the tenant rules below then apply to it as well.
        if (targetClass is null && prop.DataType.TargetClasses.Count == 1) targetClass = prop.DataType.TargetClasses[0];
        if (targetClass is not null)
        {
            if (schema.Find(targetClass) is not { } targetDefinition) return (null, $"target class \"{targetClass}\" not found in schema");
            if (targetDefinition.MultiTenancyEnabled && !cls.MultiTenancyEnabled)
                return (null, "invalid reference: cannot reference a multi-tenant enabled class from a non multi-tenant enabled class");
            // Targets are not checked for existence (Weaviate tolerates dangling refs), except inside a tenant:
            // a tenant's object may only point at objects of the same tenant.
            if (targetDefinition.MultiTenancyEnabled && !store.Exists(targetClass, target.Id, input.Tenant))
                return (null, $"target: object {targetClass}/{target.Id} not found for tenant \"{input.Tenant}\"");
        }

        var beacon = targetClass is null ? $"weaviate://localhost/{target.Id}" : CrossReferenceUri.Beacon(targetClass, target.Id);
        return (new Planned(index, source, beacon, beacon, string.IsNullOrEmpty(input.Tenant) ? null : input.Tenant), null);
    }
}
