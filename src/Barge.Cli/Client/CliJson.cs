using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Barge.Client.Wire;

namespace Barge.Cli.Client;

/// <summary>The command line's own JSON (input records, <c>--json</c> output), source-generated.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(List<BatchSummary>))]
[JsonSerializable(typeof(BatchSummary))]
[JsonSerializable(typeof(UndoAnswer))]
[JsonSerializable(typeof(List<UndoAnswer>))]
[JsonSerializable(typeof(SchemaDocument))]
[JsonSerializable(typeof(StatusReport))]
public sealed partial class CliJson : JsonSerializerContext;

/// <summary>
/// What <c>barge status</c> reports: Barge's version (null on a Weaviate server), the Weaviate API version it speaks,
/// and the objects per class.
/// </summary>
public sealed record StatusReport(string Url, string? Version, string? WeaviateVersion, string? Store, IReadOnlyDictionary<string, long> Objects);
