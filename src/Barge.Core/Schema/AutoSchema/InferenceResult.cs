namespace Barge.Core.Schema.AutoSchema;

/// <summary>Properties auto-schema would add, or why the object's properties cannot be typed (then the list is empty).</summary>
public readonly record struct InferenceResult(IReadOnlyList<PropertyDefinition> NewProperties, string? Error)
{
    internal static InferenceResult Ok(IReadOnlyList<PropertyDefinition> properties) => new(properties, null);
    internal static InferenceResult Fail(string error) => new([], error);
}
