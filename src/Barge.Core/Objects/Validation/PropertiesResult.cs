using System.Text.Json.Nodes;

namespace Barge.Core.Objects.Validation;

/// <summary>
/// Outcome of <see cref="PropertyValidator.Normalize"/>: the normalized properties as UTF-8 JSON, or the error (its
/// text is rendered by the caller's <see cref="IValueWording"/>); exactly one of the two is non-null.
/// </summary>
public readonly record struct PropertiesResult(byte[]? Utf8, ValueMessage? Error)
{
    /// <summary>The normalized properties as a new tree (parsed on each call; the write path uses <see cref="Utf8"/>).</summary>
    public JsonObject? Properties => Utf8 is null ? null : JsonNode.Parse(Utf8)!.AsObject();

    internal static PropertiesResult Ok(byte[] utf8) => new(utf8, null);
    internal static PropertiesResult Fail(ValueMessage error) => new(null, error);
}
