using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Objects;
using Barge.Core.Schema;

namespace Barge.Core.Hat;

/// <summary>
/// How a HAT record is kept as a Barge object. HAT data is any JSON (nested, with keys like <c>id</c>), which typed
/// properties cannot hold, so the document is stored as text in <see cref="Data"/> (not indexed), next to its
/// <see cref="Endpoint"/> and the <see cref="Hash"/> of its canonical form (indexed, for the duplicate check).
/// </summary>
public static class HatStorage
{
    public const string Endpoint = "endpoint";
    public const string Data = "data";
    public const string Hash = "dataHash";

    /// <summary>The collection of an endpoint, made explicitly (never by auto-schema inference).</summary>
    public static ClassDefinition NewClass(string className, string endpoint) => new()
    {
        Name = className,
        Description = $"HAT endpoint {endpoint}",
        Properties =
        [
            Text(Endpoint, filterable: true),
            Text(Data, filterable: false),
            Text(Hash, filterable: true),
        ],
    };

    private static PropertyDefinition Text(string name, bool filterable) => new()
    {
        Name = name, DataTypeNames = ["text"], Tokenization = "field", IndexFilterable = filterable, IndexSearchable = false,
    };

    public static JsonObject Properties(string endpoint, JsonNode data) => new()
    {
        [Endpoint] = endpoint,
        [Data] = data.ToJsonString(),
        [Hash] = HashOf(data),
    };

    public static HatRecord ToRecord(StoredObject o, IReadOnlyList<HatRecord>? links = null) =>
        new(o.Properties[Endpoint] is JsonValue e && e.TryGetValue<string>(out var endpoint) ? endpoint : "", o.Id, DataOf(o.Properties[Data]), links);

    /// <summary>
    /// HAT stores the document's JSON text, but the collection is open to the other dialects, which may store anything
    /// there. Text that is not JSON is read as that string and any other value as itself: one such object must not make
    /// every read of the endpoint fail.
    /// </summary>
    private static JsonNode? DataOf(JsonNode? stored)
    {
        if (stored is not JsonValue value || !value.TryGetValue<string>(out var text)) return stored?.DeepClone();
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    /// <summary>SHA-256 of the data with object keys sorted at every level: the same document hashes the same however sent.</summary>
    public static string HashOf(JsonNode data)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) WriteCanonical(writer, data);
        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                writer.WriteStartObject();
                foreach (var (key, value) in o.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    WriteCanonical(writer, value);
                }
                writer.WriteEndObject();
                break;
            case JsonArray a:
                writer.WriteStartArray();
                foreach (var item in a) WriteCanonical(writer, item);
                writer.WriteEndArray();
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

}
