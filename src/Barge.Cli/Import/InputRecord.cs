using System.Text.Json.Nodes;

namespace Barge.Cli.Import;

/// <summary>
/// One record of the input, with where it came from (line of JSON Lines or CSV, item of a JSON array); either a
/// JSON object, or the reason it could not be read and its raw text.
/// </summary>
public sealed record InputRecord(long Position, JsonObject? Record, string? Error = null, string? Raw = null);
