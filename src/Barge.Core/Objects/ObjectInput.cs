using System.Text.Json;

namespace Barge.Core.Objects;

/// <summary>
/// An object as a caller sent it, before validation: any dialect maps its wire JSON to this.
/// <see cref="Id"/> is already known to be a well-formed UUID when present (malformed ids are refused by the dialect).
/// Properties and vector are parsed elements: read straight from the request body where the dialect can (nothing is
/// built per value on the write path), or made with <see cref="JsonElements.From"/> from a tree a dialect rebuilt.
/// </summary>
public sealed record ObjectInput
{
    public string? Class { get; init; }
    public string? Id { get; init; }
    /// <summary>A JSON object, or null when the caller sent none.</summary>
    public JsonElement? Properties { get; init; }
    /// <summary>
    /// The properties as a dialect whose wire is not JSON decoded them (gRPC), read in place of <see cref="Properties"/>,
    /// so that they are never written out as JSON text only to be parsed back; null otherwise.
    /// </summary>
    public SentProperties? SentProperties { get; init; }
    /// <summary>As sent (validation checks it is an array of numbers), or null.</summary>
    public JsonElement? Vector { get; init; }
    /// <summary>
    /// The vector as float32 values, for a dialect whose wire carries it so (gRPC's <c>vector_bytes</c>); used instead of
    /// <see cref="Vector"/>, so that a vector is never written out as JSON text only to be parsed back.
    /// </summary>
    public float[]? VectorValues { get; init; }
    public string? Tenant { get; init; }
    /// <summary>
    /// Why the dialect already refused this item (it could not be read, or breaks one of the dialect's own rules).
    /// A batch answers it failed with this message and journals it like any failed item, so no failure goes uncounted.
    /// </summary>
    public string? Refused { get; init; }
}
