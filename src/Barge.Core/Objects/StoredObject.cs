using System.Text.Json.Nodes;

namespace Barge.Core.Objects;

/// <summary>
/// An object as Barge stores it: properties already validated and normalized against the class,
/// the id in canonical lower-case form.
/// </summary>
public sealed class StoredObject
{
    public required string Class { get; init; }
    public required string Id { get; init; }
    public string? Tenant { get; init; }
    public required JsonObject Properties { get; init; }
    public float[]? Vector { get; init; }
    public long CreationTimeUnix { get; init; }
    public long LastUpdateTimeUnix { get; init; }
}
