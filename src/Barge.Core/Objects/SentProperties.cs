using Barge.Core.Objects.Validation;
using Barge.Core.Schema;
using Barge.Core.Schema.AutoSchema;

namespace Barge.Core.Objects;

/// <summary>
/// An object's properties as a dialect whose wire is not JSON decoded them (<see cref="ObjectInput.SentProperties"/>):
/// validation, auto-schema and the reference pre-read read them through the dialect's <see cref="ISentValue{TSelf}"/>,
/// with the same rules and messages as JSON properties. One virtual call per object reaches the readers compiled
/// for that source.
/// </summary>
public abstract class SentProperties
{
    internal abstract PropertiesResult Normalize(ClassDefinition cls, IReferenceResolver refs, int maxIndexedWordBytes);

    internal abstract InferenceResult InferMissing(ClassDefinition? cls, AutoSchemaOptions options, IReferenceResolver refs);

    internal abstract void CollectBeaconIds(HashSet<string> ids);

    /// <summary>Properties given as <paramref name="value"/>, an object.</summary>
    public static SentProperties Of<T>(T value) where T : struct, ISentValue<T> => new Sent<T>(value);

    private sealed class Sent<T>(T value) : SentProperties where T : struct, ISentValue<T>
    {
        internal override PropertiesResult Normalize(ClassDefinition cls, IReferenceResolver refs, int maxIndexedWordBytes) =>
            PropertyValidator.Normalize(cls, value, refs, maxIndexedWordBytes: maxIndexedWordBytes);

        internal override InferenceResult InferMissing(ClassDefinition? cls, AutoSchemaOptions options, IReferenceResolver refs) =>
            AutoSchemaInference.InferMissing(cls, value, options, refs);

        internal override void CollectBeaconIds(HashSet<string> ids) => ReferenceTargets.Collect(value, ids);
    }
}
