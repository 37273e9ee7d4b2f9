using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Client.Wire;

namespace Barge.Cli.Import;

/// <summary>
/// Turns an input record into a data object. A record whose <c>properties</c> is an object is a Weaviate object
/// (what <c>barge export</c> writes): its <c>class</c>, <c>id</c>, <c>vector</c> and <c>tenant</c> are used as given.
/// Any other record is flat: its fields are the properties, except the <c>--id-field</c> and <c>--vector-field</c>.
/// Top-level fields starting with <c>_</c> are the errors file's notes and are left out. An id that is not a UUID is
/// turned into a name-based UUID (v5 in the DNS namespace, as the Weaviate Python client's <c>generate_uuid5</c>), so
/// that a re-run meets the objects it wrote before instead of adding new ones.
/// </summary>
public sealed class RecordMapper(string? className, string idField, string? vectorField)
{
    public (WeaviateObject? Object, string? Error) Map(JsonObject record)
    {
        if (record.ContainsKey(ErrorsFile.RawField)) return (null, "the line could not be read before; fix it in the errors file and import that");
        return record["properties"] is JsonObject ? Weaviate(record) : Flat(record);
    }

    private (WeaviateObject?, string?) Weaviate(JsonObject record)
    {
        var cls = className ?? Text(record["class"]);
        if (cls is null) return (null, "no class: give --class or a \"class\" field");
        var (id, idError) = Id(record["id"], "id");
        if (idError is not null) return (null, idError);
        var (vector, vectorError) = Vector(record["vector"], "vector");
        if (vectorError is not null) return (null, vectorError);
        var properties = (JsonObject)record["properties"]!.DeepClone();
        return (new WeaviateObject { Class = cls, Id = id, Properties = properties, Vector = vector, Tenant = Text(record["tenant"]) }, null);
    }

    private (WeaviateObject?, string?) Flat(JsonObject record)
    {
        if (className is null) return (null, "no class: give --class (the record has no \"properties\" object naming its own)");
        var (id, idError) = Id(record[idField], idField);
        if (idError is not null) return (null, idError);
        var (vector, vectorError) = vectorField is null ? (null, null) : Vector(record[vectorField], vectorField);
        if (vectorError is not null) return (null, vectorError);
        var properties = new JsonObject();
        foreach (var (name, value) in record)
        {
            if (name == idField || name == vectorField || name.StartsWith('_')) continue;
            properties[name] = value?.DeepClone();
        }
        return (new WeaviateObject { Class = className, Id = id, Properties = properties, Vector = vector }, null);
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static (string?, string?) Id(JsonNode? node, string field)
    {
        if (node is null) return (null, null);
        if (node is not JsonValue value || value.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number))
            return (null, $"field '{field}' must be a string or a number");
        var text = value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
        return (Guid.TryParse(text, out var uuid) ? uuid.ToString() : NameBased(text).ToString(), null);
    }

    private static (float[]?, string?) Vector(JsonNode? node, string field)
    {
        if (node is null) return (null, null);
        if (node is JsonValue s && s.TryGetValue<string>(out var text))
        {
            try
            {
                node = JsonNode.Parse(text); // a CSV cell holds the vector as "[0.1, 0.2]"
            }
            catch (JsonException)
            {
                return (null, $"field '{field}' must be an array of numbers");
            }
        }
        if (node is not JsonArray array) return (null, $"field '{field}' must be an array of numbers");
        var vector = new float[array.Count];
        for (var i = 0; i < vector.Length; i++)
        {
            if (array[i] is not JsonValue v || v.GetValueKind() != JsonValueKind.Number) return (null, $"field '{field}' must be an array of numbers (item {i} is not)");
            vector[i] = v.GetValue<float>();
        }
        return (vector, null);
    }

    private static readonly Guid DnsNamespace = new("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

    /// <summary>RFC 9562 UUID version 5: SHA-1 of the namespace's bytes and the name's UTF-8.</summary>
    public static Guid NameBased(string name)
    {
        var bytes = new byte[16 + Encoding.UTF8.GetByteCount(name)];
        DnsNamespace.TryWriteBytes(bytes, bigEndian: true, out _);
        Encoding.UTF8.GetBytes(name, bytes.AsSpan(16));
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(bytes, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
