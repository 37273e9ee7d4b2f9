using System.Text.Json.Nodes;
using Barge.Core.Access;
using Barge.Core.Errors;
using Barge.Core.Indexing;
using Barge.Core.Objects.Validation;
using Barge.Core.Schema;
using Barge.Core.Schema.AutoSchema;
using Barge.Core.Storage;

namespace Barge.Core.Objects;

/// <summary>
/// Single-object use cases (create, read, list, replace, merge, delete, validate, references). Failures are
/// thrown as <see cref="UserInputException"/> (carrying Weaviate's message), <see cref="NotFoundException"/> or, when
/// <c>user</c> may not write the class (<see cref="WriteRights"/>), <see cref="ForbiddenException"/>.
/// </summary>
public sealed class ObjectService(IObjectStore store, SchemaService schema, ObjectPreparer preparer, WriteRights rights, TimeProvider clock)
{
    private long Now => clock.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task<StoredObject> CreateAsync(ObjectInput input, string user, CancellationToken ct)
    {
        var id = input.Id ?? ObjectIds.New();
        var prepared = await PrepareOrThrowAsync(input, id, user, "invalid object: ", ct);
        var outcome = (await store.WriteAsync([prepared.Put(PutMode.CreateOnly)], ct))[0];
        return outcome.Status switch
        {
            WriteStatus.Ok => outcome.Object!,
            WriteStatus.AlreadyExists => throw new UserInputException($"id '{id}' already exists"),
            _ => throw new UserInputException("invalid object: " + outcome.Error),
        };
    }

    public async Task ValidateAsync(ObjectInput input, string user, CancellationToken ct) =>
        await PrepareOrThrowAsync(input, input.Id ?? ObjectIds.New(), user, "invalid object: ", ct, dryRun: true);

    public Task<StoredObject?> GetAsync(string className, string id, string? tenant, CancellationToken ct) =>
        store.GetAsync(className, id, tenant, ct);

    /// <summary>PUT: a full replace that keeps the creation time.</summary>
    public async Task<StoredObject> ReplaceAsync(string className, string id, ObjectInput input, string user, CancellationToken ct)
    {
        if (input.Id is not null && input.Id != id) throw new UserInputException("invalid update: field 'id' is immutable");
        rights.Demand(user, className);
        if (await schema.FindAsync(className, ct) is null && !preparer.Options.AutoSchemaEnabled) throw new NotFoundException(className);
        var prepared = await PrepareOrThrowAsync(input with { Class = input.Class ?? className }, id, user, "invalid object: ", ct);
        var outcome = (await store.WriteAsync([prepared.Put(PutMode.ReplaceExisting)], ct))[0];
        return outcome.Status switch
        {
            WriteStatus.Ok => outcome.Object!,
            WriteStatus.NotFound => throw new NotFoundException($"no object with id '{id}'"),
            _ => throw new UserInputException("invalid object: " + outcome.Error),
        };
    }

    /// <summary>PATCH: merges properties into the stored object; a key set to null removes that property.</summary>
    public async Task MergeAsync(string className, string id, ObjectInput input, string user, CancellationToken ct)
    {
        if (input.Id is not null && input.Id != id) throw new UserInputException("invalid update: field 'id' is immutable");
        rights.Demand(user, className);
        var cls = await schema.FindAsync(className, ct) ?? throw new NotFoundException(className);
        // The patch's beacons are looked up here; those the stored object already holds are taken as stored (AddStored).
        var refs = (await ReferenceTargets.FindAsync(store, [input.Properties], ct)).Resolver(input.Tenant);
        var patch = input.Properties is { ValueKind: System.Text.Json.JsonValueKind.Object } sent ? JsonObject.Create(sent)! : new JsonObject();
        if (preparer.Options.AutoSchemaEnabled)
        {
            var setKeys = new JsonObject(patch.Where(kv => kv.Value is not null).Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.DeepClone())));
            var inferred = AutoSchemaInference.InferMissing(cls, JsonElements.From(setKeys), preparer.Options.AutoSchema, refs);
            if (inferred.Error is not null) throw new UserInputException($"msg:bad request code:400 err:invalid object: {inferred.Error}");
            if (inferred.NewProperties.Count > 0) cls = await schema.EnsureAsync(className, () => cls, inferred.NewProperties, ct);
        }
        if (PropertyValidator.ValidateVector(input, out var vector) is { } vectorError)
            throw new UserInputException($"msg:bad request code:400 err:invalid object: {vectorError.Render(preparer.Wording)}");
        var now = Now;
        var outcome = (await store.WriteAsync([new ModifyObject(className, id, input.Tenant, current =>
        {
            var merged = ObjectMerge.Merge(current.Properties, patch);
            // The references the object already holds are validated with the patch but asked of no store here, in
            // the writer: they were checked when written.
            refs.AddStored(current.Properties);
            var normalized = PropertyValidator.Normalize(cls, merged, refs, maxIndexedWordBytes: preparer.Options.MaxIndexedWordBytes);
            if (normalized.Error is not null) return ModifyResult.Fail(normalized.Error.Render(preparer.Wording));
            var next = ObjectMerge.Copy(current, normalized.Utf8!, vector ?? current.Vector, now);
            return ModifyResult.Replace(next, ObjectIndex.Of(cls, next));
        })], ct))[0];
        switch (outcome.Status)
        {
            case WriteStatus.Ok: return;
            case WriteStatus.NotFound: throw new NotFoundException($"no object with id '{id}'");
            default: throw new UserInputException($"msg:bad request code:400 err:invalid object: {outcome.Error}");
        }
    }

    public async Task DeleteAsync(string className, string id, string? tenant, string user, CancellationToken ct)
    {
        rights.Demand(user, className);
        var outcome = (await store.WriteAsync([new DeleteObject(className, id, tenant)], ct))[0];
        if (outcome.Status == WriteStatus.NotFound) throw new NotFoundException($"no object with id '{id}'");
    }

    /// <summary>Adds, replaces or removes references of one property, checked like Weaviate's reference endpoints.</summary>
    public async Task ChangeReferencesAsync(string className, string id, string property, JsonArray beacons, ReferenceChange change, string? tenant, string user, CancellationToken ct)
    {
        rights.Demand(user, className);
        var cls = await schema.FindAsync(className, ct) ?? throw new NotFoundException(className);
        var prop = cls.FindProperty(property);
        if (prop is null)
            throw new UserInputException($"msg:add reference code:422 err:no such prop with name '{property}' found in class '{className}' in the schema. Check your schema files for which properties in this class are available");
        if (!prop.DataType.IsReference) throw new UserInputException($"msg:add reference code:422 err:property '{property}' is not a reference-type");
        var refs = (await ReferenceTargets.FindAsync(store, [beacons], ct)).Resolver(tenant);
        var normalized = PropertyValidator.Normalize(cls, new JsonObject { [property] = beacons }, refs, checkReferenceTargets: change != ReferenceChange.Remove);
        if (normalized.Error is not null) throw new UserInputException($"msg:add reference code:422 err:{normalized.Error.Render(preparer.Wording)}");
        var given = normalized.Properties![property]?.AsArray() ?? [];
        var now = Now;
        var outcome = (await store.WriteAsync([new ModifyObject(className, id, tenant, current =>
        {
            var props = (JsonObject)current.Properties.DeepClone();
            var list = props[property] as JsonArray ?? [];
            props.Remove(property);
            var next = change switch
            {
                ReferenceChange.Add => [.. list.Select(n => n!.DeepClone()), .. given.Select(n => n!.DeepClone())],
                ReferenceChange.Replace => given.Select(n => n!.DeepClone()).ToList(),
                _ => list.Where(n => !given.Any(g => (string?)g!["beacon"] == (string?)n!["beacon"])).Select(n => n!.DeepClone()).ToList(),
            };
            if (next.Count > 0) props[property] = new JsonArray([.. next]);
            var updated = ObjectMerge.Copy(current, props, current.Vector, now);
            return ModifyResult.Replace(updated, ObjectIndex.Of(cls, props));
        })], ct))[0];
        if (outcome.Status == WriteStatus.NotFound) throw new NotFoundException($"no object with id '{id}'");
        if (!outcome.Succeeded) throw new UserInputException($"msg:add reference code:422 err:{outcome.Error}");
    }

    private async Task<PreparedObject> PrepareOrThrowAsync(ObjectInput input, string id, string user, string prefix, CancellationToken ct, bool dryRun = false)
    {
        var targets = await ReferenceTargets.FindAsync(store, [input.Properties], ct);
        var result = await preparer.PrepareAsync(input, id, Now, targets.Resolver(input.Tenant), user, ct, dryRun);
        if (result.Forbidden) throw new ForbiddenException(result.Error!.Message);
        return result.Prepared ?? throw new UserInputException(prefix + result.Error!.Message);
    }
}

public enum ReferenceChange { Add, Replace, Remove }
