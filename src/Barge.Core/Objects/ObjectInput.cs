using System.Text.Json.Nodes;

namespace Barge.Core.Objects;

/// <summary>
/// An object as a caller sent it, before validation: any dialect maps its wire JSON to this.
/// <see cref="Id"/> is already known to be a well-formed UUID when present (malformed ids are refused by the dialect).
/// </summary>
public sealed record ObjectInput
{
    public string? Class { get; init; }
    public string? Id { get; init; }
    public JsonObject? Properties { get; init; }
    public JsonNode? Vector { get; init; }
    public string? Tenant { get; init; }
}
