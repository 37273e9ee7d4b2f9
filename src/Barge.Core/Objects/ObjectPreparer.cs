using Barge.Core.Access;
using Barge.Core.Errors;
using Barge.Core.Indexing;
using Barge.Core.Objects.Validation;
using Barge.Core.Schema;
using Barge.Core.Schema.AutoSchema;

namespace Barge.Core.Objects;

/// <summary>
/// Turns an <see cref="ObjectInput"/> into a storable object: class resolution, auto-schema, tenant rules,
/// vector and property validation, index entries. Shared by single-object writes and every batch dialect, so it is
/// also where the caller's right to write the class is checked (before auto-schema may change the schema). Validation
/// messages get their text here, their values printed by the host's <see cref="IValueWording"/>.
/// </summary>
public sealed class ObjectPreparer(SchemaService schema, ObjectOptions options, WriteRights rights, IValueWording wording)
{
    public ObjectOptions Options => options;

    /// <summary>How validation messages print the values they show.</summary>
    public IValueWording Wording => wording;

    /// <summary>The class name an input refers to: with auto-schema on, the first letter is upper-cased.</summary>
    public string ClassNameOf(string inputClass) =>
        options.AutoSchemaEnabled ? SchemaNames.ClassNameFor(inputClass) : inputClass;

    /// <summary>
    /// Validates and normalizes one object. With <paramref name="dryRun"/>, auto-schema changes are applied to a
    /// private copy of the class only, so that validation answers as a real write would without changing the schema.
    /// </summary>
    public async ValueTask<PrepareResult> PrepareAsync(ObjectInput input, string id, long now, IReferenceResolver refs, string user, CancellationToken ct, bool dryRun = false)
    {
        if (string.IsNullOrEmpty(input.Class)) return PrepareResult.Fail(ItemErrorCode.UnknownClass, "object has an empty class");
        var className = ClassNameOf(input.Class);
        if (rights.Refusal(user, className) is { } refusal) return PrepareResult.Fail(ItemErrorCode.Forbidden, refusal);
        var cls = await schema.FindAsync(className, ct).ConfigureAwait(false);
        if (cls is null && !options.AutoSchemaEnabled) return PrepareResult.Fail(ItemErrorCode.UnknownClass, $"class '{className}' not present in schema");
        // Auto-schema must not create a class under a name the schema endpoint would refuse.
        if (cls is null && SchemaNames.ClassNameError(className) is { } nameError) return PrepareResult.Fail(ItemErrorCode.UnknownClass, nameError);

        if (options.AutoSchemaEnabled)
        {
            var inferred = input.SentProperties is { } sent
                ? sent.InferMissing(cls, options.AutoSchema, refs)
                : AutoSchemaInference.InferMissing(cls, input.Properties, options.AutoSchema, refs);
            if (inferred.Error is not null) return PrepareResult.Fail(ItemErrorCode.InvalidValue, inferred.Error);
            if (dryRun)
                cls = (cls ?? AutoSchemaInference.NewClass(className, DateTimeOffset.UtcNow)) is var c && inferred.NewProperties.Count > 0
                    ? c.WithProperties([.. c.Properties, .. inferred.NewProperties]) : c;
            else if (cls is null || inferred.NewProperties.Count > 0)
                cls = await schema.EnsureAsync(className, () => AutoSchemaInference.NewClass(className, DateTimeOffset.UtcNow), inferred.NewProperties, ct).ConfigureAwait(false);
        }

        if (TenantError(cls!, input.Tenant) is { } tenantError) return PrepareResult.Fail(ItemErrorCode.InvalidValue, tenantError);
        if (PropertyValidator.ValidateVector(input, out var vector) is { } vectorError) return PrepareResult.Fail(ItemErrorCode.InvalidValue, vectorError.Render(wording));

        var normalized = input.SentProperties is { } sentProperties
            ? sentProperties.Normalize(cls!, refs, options.MaxIndexedWordBytes)
            : PropertyValidator.Normalize(cls!, input.Properties, refs, maxIndexedWordBytes: options.MaxIndexedWordBytes);
        if (normalized.Error is not null)
            return PrepareResult.Fail(normalized.Error.Code, normalized.Error.Render(wording));

        var stored = new StoredObject
        {
            Class = cls!.Name,
            Id = id,
            Tenant = string.IsNullOrEmpty(input.Tenant) ? null : input.Tenant,
            PropertiesUtf8 = normalized.Utf8!,
            Vector = vector,
            CreationTimeUnix = now,
            LastUpdateTimeUnix = now,
        };
        // From the bytes just written, without a tree: what the store later recomputes from the stored properties
        // to remove the object comes from the same ObjectIndex.Of.
        var index = ObjectIndex.Of(cls, normalized.Utf8.AsMemory());
        return new PrepareResult(new PreparedObject(stored, index.Entries, cls, index.Keywords), null);
    }

    private static string? TenantError(ClassDefinition cls, string? tenant)
    {
        var hasTenant = !string.IsNullOrEmpty(tenant);
        if (cls.MultiTenancyEnabled && !hasTenant) return $"class {cls.Name} has multi-tenancy enabled, but request was without tenant";
        if (!cls.MultiTenancyEnabled && hasTenant) return $"class {cls.Name} has multi-tenancy disabled, but request was with tenant";
        return hasTenant ? SchemaNames.TenantNameError(tenant!) : null;
    }
}
