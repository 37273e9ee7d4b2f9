using System.Text.Json.Nodes;

namespace Barge.Core.Objects.Validation;

/// <summary>
/// One normalized value or the reason it was rejected. Internal so that the per-type checkers can compose
/// without exceptions (a batch of thousands of bad objects must not pay for thousands of throws).
/// </summary>
internal readonly record struct ValueResult(JsonNode? Value, string? Error)
{
    public bool Failed => Error is not null;
    public static ValueResult Ok(JsonNode value) => new(value, null);
    public static ValueResult Fail(string error) => new(null, error);
}
