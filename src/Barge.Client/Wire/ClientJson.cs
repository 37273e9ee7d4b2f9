using System.Text.Json;
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
// The values a caller may put into a JsonObject of properties (JsonValue.Create(42)) are serialized through this context too.
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(short))]
[JsonSerializable(typeof(byte))]
[JsonSerializable(typeof(uint))]
[JsonSerializable(typeof(ulong))]
[JsonSerializable(typeof(float))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(decimal))]
[JsonSerializable(typeof(Guid))]
[JsonSerializable(typeof(DateTime))]
[JsonSerializable(typeof(DateTimeOffset))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class ClientJson : JsonSerializerContext;
