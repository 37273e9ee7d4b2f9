using System.Text.Json.Nodes;

namespace Barge.Core.Objects.Validation;

/// <summary>Outcome of <see cref="PropertyValidator.Normalize"/>: exactly one of the two is non-null.</summary>
public readonly record struct PropertiesResult(JsonObject? Properties, string? Error)
{
    internal static PropertiesResult Ok(JsonObject properties) => new(properties, null);
    internal static PropertiesResult Fail(string error) => new(null, error);
}
