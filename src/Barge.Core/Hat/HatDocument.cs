using System.Buffers;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Barge.Core.Hat;

/// <summary>
/// A HAT record's data on its way in: the document written once as compact UTF-8 JSON (what is stored and what the
/// save answers) and hashed once in its canonical form, both straight from the parsed request, with no tree built.
/// </summary>
public sealed class HatDocument
{
    // The stored text is echoed as it is: escaped as the answers are (readable "+02:00", non-ASCII kept), not as
    // the hash's canonical form is.
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private HatDocument(byte[] json, string hash)
    {
        Json = json;
        Hash = hash;
    }

    /// <summary>The document as compact JSON.</summary>
    public byte[] Json { get; }

    /// <summary>SHA-256 of the canonical form (see <see cref="HashOf"/>), as lower-case hex.</summary>
    public string Hash { get; }

    public static HatDocument From(JsonElement data)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Compact)) data.WriteTo(writer);
        return new HatDocument(buffer.WrittenSpan.ToArray(), HashOf(data));
    }

    /// <summary>
    /// SHA-256 of the data with object keys sorted at every level, written with the default escaping: the same
    /// document hashes the same however it was sent, and as records saved before kept their hash.
    /// </summary>
    public static string HashOf(JsonElement data)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer)) WriteCanonical(writer, data);
        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var member in element.EnumerateObject().OrderBy(m => m.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(member.Name);
                    WriteCanonical(writer, member.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray()) WriteCanonical(writer, item);
                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
