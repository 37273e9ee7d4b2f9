using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
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

    /// <summary>
    /// The record's properties as the preparer takes them: written once as JSON and read as a document, not built as a
    /// tree (the data's text can be large).
    /// </summary>
    public static JsonElement Properties(string endpoint, HatDocument data)
    {
        var buffer = new ArrayBufferWriter<byte>(data.Json.Length + endpoint.Length + 128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(Endpoint, endpoint);
            writer.WriteString(Data, data.Json);
            writer.WriteString(Hash, data.Hash);
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>A record fresh from a save: its data is the document as it was written.</summary>
    public static HatRecord ToRecord(string endpoint, string id, HatDocument data, IReadOnlyList<HatRecord>? links = null) =>
        new(endpoint, id, data.Json, links);

    /// <summary>A stored record.</summary>
    public static HatRecord ToRecord(StoredObject o, IReadOnlyList<HatRecord>? links = null) =>
        new(o.Properties[Endpoint] is JsonValue e && e.TryGetValue<string>(out var endpoint) ? endpoint : "", o.Id, DataOf(o.Properties[Data]), links);

    /// <summary>
    /// The stored data as JSON to answer with. HAT stores the document's JSON text, but the collection is open to the
    /// other dialects, which may store anything there. Text that is not JSON is answered as that string and any other
    /// value as itself: one such object must not make every read of the endpoint fail.
    /// </summary>
    private static byte[] DataOf(JsonNode? stored)
    {
        if (stored is JsonValue value && value.TryGetValue<string>(out var text))
        {
            var utf8 = Encoding.UTF8.GetBytes(text);
            if (IsOneJsonValue(utf8)) return utf8;
        }
        return JsonSerializer.SerializeToUtf8Bytes(stored, StoredValue);
    }

    private static readonly JsonSerializerOptions StoredValue = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Whether the text is exactly one JSON value (checked by reading it, without building anything).</summary>
    private static bool IsOneJsonValue(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 1024 });
            while (reader.Read()) { }
            return reader.BytesConsumed > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
