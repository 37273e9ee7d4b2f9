using System.Text.Json.Serialization;

namespace Barge.Client.Wire;

/// <summary>The source-generated (reflection-free) serializers of the client's wire types.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WeaviateObject))]
[JsonSerializable(typeof(ObjectList))]
[JsonSerializable(typeof(List<BatchObjectAnswer>))]
[JsonSerializable(typeof(BatchReference))]
[JsonSerializable(typeof(List<BatchReferenceAnswer>))]
[JsonSerializable(typeof(BatchDeleteRequest))]
[JsonSerializable(typeof(BatchDeleteAnswer))]
[JsonSerializable(typeof(SchemaDocument))]
[JsonSerializable(typeof(ClassDefinition))]
[JsonSerializable(typeof(ServerMeta))]
[JsonSerializable(typeof(BatchSummary))]
[JsonSerializable(typeof(List<BatchSummary>))]
[JsonSerializable(typeof(UndoAnswer))]
[JsonSerializable(typeof(ErrorAnswer))]
public sealed partial class ClientJson : JsonSerializerContext;
